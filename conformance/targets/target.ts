/** Where a run sends its requests: a base URL (it may end in /HEAT), and how to let go of it. */
export interface Target {
  readonly baseUrl: string;
  /** For reports: "reference tenant (embedded)" or the URL. */
  readonly label: string;
  close(): Promise<void>;
}

/** A target the user named with --target (resolved without a trailing slash): nothing to start or stop. */
export function urlTarget(baseUrl: string): Target {
  return { baseUrl, label: baseUrl, close: async () => undefined };
}
