/** Reports written by monitorAll and monthlyComprehensive. Safe for workflow code (types only). */
import type { BatchRetrainResult } from './batch.js';
import type { MonitorReportInput } from './monitoring.js';

export interface ReportInput {
  kind: 'monitor' | 'monthly';
  title: string;
  monitor?: MonitorReportInput;
  retrains?: BatchRetrainResult;
}

export interface ReportResult {
  reportId: string;
  htmlPath: string;
  markdownPath: string;
}

export interface MonthlyComprehensiveResult {
  retrains: BatchRetrainResult;
  report: ReportResult;
}
