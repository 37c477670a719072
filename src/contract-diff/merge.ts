import type { Change, Finding } from './types';

/**
 * One change per rule, place and message, naming everything it was found through: a component
 * shared by four operations, or by two media types, is reported once. Breaking changes first.
 */
export function mergeFindings(findings: readonly Finding[]): Change[] {
  const groups = new Map<string, { finding: Finding; places: Place[] }>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.rule, finding.severity, finding.location, finding.message]);
    const place = { scope: finding.scope, subject: finding.subject ?? '' };
    const group = groups.get(key);
    if (!group) groups.set(key, { finding, places: [place] });
    else if (!group.places.some((seen) => seen.scope === place.scope && seen.subject === place.subject)) group.places.push(place);
  }
  const changes = [...groups.values()].map(({ finding, places }): Change => {
    const label = placesLabel(places);
    return {
      rule: finding.rule,
      severity: finding.severity,
      location: finding.location,
      message: label ? `${label}: ${finding.message}` : finding.message,
    };
  });
  return [...changes.filter((c) => c.severity === 'breaking'), ...changes.filter((c) => c.severity !== 'breaking')];
}

interface Place {
  /** `METHOD /path`, or '' */
  readonly scope: string;
  readonly subject: string;
}

/** `GET, PUT /api/rest/Webhooks/Execute response 405 application/json body; POST ... response 400 ...`. */
function placesLabel(places: readonly Place[]): string {
  const groups = new Map<string, { methods: string[]; path: string; subject: string }>();
  for (const { scope, subject } of places) {
    const space = scope.indexOf(' ');
    const method = space < 0 ? '' : scope.slice(0, space);
    const path = space < 0 ? scope : scope.slice(space + 1);
    const key = `${path}\u0000${subject}`;
    const group = groups.get(key) ?? { methods: [], path, subject };
    if (method) group.methods.push(method);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ methods, path, subject }) => [methods.join(', '), path, subject].filter((part) => part !== '').join(' '))
    .join('; ');
}
