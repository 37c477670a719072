/**
 * The marker that lets a deliberate break through: a commit message trailer
 * `Contract-Break: <reason>` (git trailer convention, key case-insensitive), in any commit of the
 * range compared. A marker without a reason does not count.
 */
export const markerKey = 'Contract-Break';

export interface BreakMarker {
  readonly commit: string;
  readonly reason: string;
}

const line = /^contract-break[ \t]*:[ \t]*(.*?)[ \t]*$/i;

export function breakMarkers(commits: readonly { commit: string; message: string }[]): BreakMarker[] {
  return commits.flatMap(({ commit, message }) =>
    message.split(/\r?\n/).flatMap((text) => {
      const reason = line.exec(text)?.[1] ?? '';
      return reason === '' ? [] : [{ commit, reason }];
    }),
  );
}
