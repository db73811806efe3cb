/**
 * What `backup` does after its upload: upload the verification file when asked, then test
 * `--backup-test-samples` sample sets (or `--backup-test-percentage` of the volumes, whichever is more), as
 * Duplicati does. Zero samples from both rules skips the test.
 * @module
 */
import { listVolumes } from "../../database/remote_volumes.ts";
import type { OperationContext } from "../context.ts";
import { TESTED_STATES } from "./listing_check.ts";
import { sampleCount } from "./select_targets.ts";
import { testBackup } from "./test_backup.ts";
import type { TestResult, VerificationStrategy } from "./test_result.ts";
import { uploadVerificationFile } from "./verification_file.ts";

export interface AfterBackupInput {
  readonly prefix: string;
  readonly passphrase: string | undefined;
  /** `--backup-test-samples`. */
  readonly samples: number;
  /** `--backup-test-percentage` (0-100). */
  readonly percentage: number;
  /** `--full-remote-verification`. */
  readonly fullVerification: VerificationStrategy;
  /** `--upload-verification-file`. */
  readonly uploadVerificationFile: boolean;
  /** Dry run: neither upload nor record anything. */
  readonly dryRun?: boolean;
}

export interface AfterBackupResult {
  /** Name of the uploaded verification file, if one was uploaded. */
  readonly verificationFile?: string;
  /** The test's result, if a test ran. */
  readonly test?: TestResult;
}

/** Uploads the verification file (if asked) and tests samples of the remote volumes (if any are due). */
export async function verifyAfterBackup(
  context: OperationContext,
  input: AfterBackupInput,
): Promise<AfterBackupResult> {
  const dryRun = input.dryRun ?? false;
  const verificationFile = input.uploadVerificationFile && !dryRun
    ? await uploadVerificationFile(context, { prefix: input.prefix })
    : undefined;
  const candidates = listVolumes(context.db, { states: TESTED_STATES });
  const count = sampleCount(candidates, { samples: input.samples, percentage: input.percentage });
  const test = count > 0 && candidates.length > 0
    ? await testBackup(context, {
      prefix: input.prefix,
      passphrase: input.passphrase,
      samples: count,
      strategy: input.fullVerification,
      record: !dryRun,
    })
    : undefined;
  return { ...(verificationFile ? { verificationFile } : {}), ...(test ? { test } : {}) };
}
