import type { CompiledAction } from './actions';
import type { WebhookConfig } from './model';

/**
 * What an extension names. The vendor page gives two messages for an extension the tenant cannot
 * run and does not say which applies when. Our rule (inferred, stated in the spec): a registered
 * but deactivated webhook is `inactive` ("Invalid Webhook Extension Provided. "); an extension
 * not registered at all, in any letter case, is `unknown` ("This webhook extension doesn't exist.").
 */
export type WebhookLookup =
  | { readonly kind: 'found'; readonly webhook: WebhookConfig; readonly action: CompiledAction }
  | { readonly kind: 'inactive' }
  | { readonly kind: 'unknown' };

/** A case-sensitive registry of webhooks (vendor page: "The endpoint extension is case-sensitive"). */
export function createWebhookRegistry(
  webhooks: readonly WebhookConfig[],
  actions: readonly CompiledAction[],
): (extension: string) => WebhookLookup {
  const actionsByName = new Map(actions.map((action) => [action.name, action]));
  const byExtension = new Map<string, WebhookLookup>();
  for (const webhook of webhooks) {
    const action = actionsByName.get(webhook.action);
    // A tenant file is validated before it gets here; an Action that is missing anyway makes the
    // webhook unusable, which is what `inactive` means.
    byExtension.set(webhook.extension, webhook.active && action ? { kind: 'found', webhook, action } : { kind: 'inactive' });
  }
  const unknown: WebhookLookup = { kind: 'unknown' };
  return (extension) => byExtension.get(extension) ?? unknown;
}
