/**
 * How a run judges the scenarios (the `--profile` flag; not a tenant profile, which records one tenant's answers):
 * - `reference`: the reference tenant; every scenario exact, every failure counts.
 * - `live`: a real tenant; documented scenarios exact (an unknown extension may get either
 *   documented message), inferred ones reported as observations unless --strict.
 * - `prism`: a spec mock; each scenario sends its Prefer header, what a mock cannot do is skipped.
 */
export const judgingProfiles = ['reference', 'live', 'prism'] as const;
export type JudgingProfile = (typeof judgingProfiles)[number];
