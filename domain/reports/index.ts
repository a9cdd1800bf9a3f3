export { buildReport, renderHtml, renderMarkdown, type ReportDocument } from './render.js';
