/**
 * The retention step shared by `delete` and `backup`: delete the selected versions, then compact unless told not
 * to (and only when something was deleted).
 * @module
 */
import type { OperationContext } from "../context.ts";
import { compact, type CompactInput, type CompactResult } from "../compact/compact.ts";
import { type DeleteInput, type DeleteResult, deleteVersions } from "./delete_versions.ts";

export interface RetentionStepResult {
  readonly delete: DeleteResult;
  /** Undefined when compact did not run. */
  readonly compact: CompactResult | undefined;
}

/** Deletes versions, then compacts with `compact` settings unless it is undefined. */
export async function applyRetention(
  context: OperationContext,
  input: DeleteInput & { readonly compact: Omit<CompactInput, "settings" | "dryRun"> | undefined },
): Promise<RetentionStepResult> {
  const deleted = await deleteVersions(context, input);
  if (!input.compact || deleted.dryRun || deleted.deleted.length === 0) return { delete: deleted, compact: undefined };
  const compacted = await compact(context, { ...input.compact, settings: input.settings, reconciled: true });
  return { delete: deleted, compact: compacted };
}
