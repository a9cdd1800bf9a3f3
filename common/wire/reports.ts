/** Reports written by monitorAll and monthlyComprehensive. Safe for workflow code (types only). */
import type { BatchRetrainResult } from './batch.js';
import type { MonitorAllResult } from './monitoring.js';

export interface ReportInput {
  kind: 'monitor' | 'monthly';
  title: string;
  monitor?: Omit<MonitorAllResult, 'reportId' | 'reportPaths'>;
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
