/** The label upstream KFP puts on every object and selector of a standalone install. */
export const APPLICATION_LABELS: Readonly<Record<string, string>> = { 'application-crd-id': 'kubeflow-pipelines' };

/** Selector and pod labels of a workload: its own labels plus the application label. */
export function workloadLabels(labels: Record<string, string>): Record<string, string> {
  return { ...labels, ...APPLICATION_LABELS };
}
