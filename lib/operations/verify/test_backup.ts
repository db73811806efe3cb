/**
 * testBackup(): Duplicati's `test` operation. Steps:
 * 1. list the destination and compare it with the database (listing_check.ts): a volume that is missing or has
 *    another size is damaged; files the database does not know are reported as warnings;
 * 2. pick the volumes to download (select_targets.ts): sample sets of one dlist, one dindex and one dblock,
 *    least recently verified first;
 * 3. download each (the next one while the current one is checked) and examine it (examine_volume.ts) as deep as
 *    `strategy` asks;
 * 4. record each outcome (outcome_recorder.ts): verified_at on success, the damage text on failure.
 *
 * A wrong passphrase is not damage: when a file that is byte-identical to the upload fails the passphrase check,
 * or when nothing decrypts and some file without a recorded hash fails it, the run throws WrongPassphraseError and
 * records nothing.
 * @module
 */
import { type HashAlgorithm, hashSize } from "../../blocks/hash.ts";
import { WrongPassphraseError } from "../../core/errors.ts";
import { CONFIG_BLOCK_HASH, CONFIG_BLOCKSIZE, CONFIG_FILE_HASH, getConfig } from "../../database/configuration.ts";
import type { Db } from "../../database/connection.ts";
import { listVolumes, type VolumeRow } from "../../database/remote_volumes.ts";
import type { VolumeParameters } from "../../volumes/manifest.ts";
import type { OperationContext } from "../context.ts";
import { listRemote } from "../common/remote_listing.ts";
import { type CheckDepth, type Download, downloadVolume, examineVolume } from "./examine_volume.ts";
import { checkListing, TESTED_STATES } from "./listing_check.ts";
import { OutcomeRecorder } from "./outcome_recorder.ts";
import { selectTargets } from "./select_targets.ts";
import type { TestResult, VerificationStrategy, VolumeTestResult } from "./test_result.ts";

export interface TestInput {
  readonly prefix: string;
  /** AES Crypt passphrase; undefined for an unencrypted backup. */
  readonly passphrase: string | undefined;
  /** Sample sets to examine (one dlist, one dindex and one dblock each); "all" examines every volume. */
  readonly samples: number | "all";
  /** `--backup-test-percentage` (0-100): when given, the larger of this rule and `samples` applies. */
  readonly percentage?: number;
  /** `--full-remote-verification`; default "False". */
  readonly strategy?: VerificationStrategy;
  /** Write outcomes to the database; false for a dry run. Default true. */
  readonly record?: boolean;
}

const TYPE_RANK = { dlist: 0, dindex: 1, dblock: 2 } as const;

/** Tests the backup's remote volumes against the database. */
export async function testBackup(context: OperationContext, input: TestInput): Promise<TestResult> {
  const { db, log } = context;
  const begin = context.now();
  const strategy = input.strategy ?? "False";
  context.progress({ type: "phase", phase: "Verify_Begin" });
  const rows = listVolumes(db);
  const remote = await listRemote(context, input.prefix, { createFolder: false });
  const listing = checkListing(rows, remote);
  const warnings = listing.extra.map((name) =>
    `Found "${name}" at the destination, but the local database does not record it; it was not examined`
  );
  for (const warning of warnings) log.warn("Test", warning);

  const recorder = new OutcomeRecorder(db, {
    at: begin.getTime(),
    enabled: input.record ?? true,
    confirmed: input.passphrase === undefined,
  });
  const results: VolumeTestResult[] = [];
  for (const row of rows) {
    const errors = listing.findings.get(row.name);
    if (!errors) continue;
    results.push({ name: row.name, type: row.type, errors });
    recorder.add({ row, errors });
  }
  const candidates = rows.filter((r) => TESTED_STATES.includes(r.state) && !listing.findings.has(r.name));
  const targets = selectTargets(candidates, {
    samples: input.samples,
    strategy,
    ...(input.percentage !== undefined ? { percentage: input.percentage } : {}),
  });

  context.progress({ type: "phase", phase: "Verify_Running" });
  const env = examineEnvironment(db, input.passphrase);
  let possiblyWrong: WrongPassphraseError | undefined;
  const fetch = (row: VolumeRow): Promise<Download> => {
    context.progress({ type: "transfer", action: "get", remoteName: row.name, size: row.size, done: false });
    return downloadVolume(context.backend, row);
  };
  let next = targets[0] ? fetch(targets[0]) : undefined;
  for (let i = 0; i < targets.length; i++) {
    context.signal.throwIfAborted();
    const row = targets[i]!;
    const download = await next!;
    next = targets[i + 1] ? fetch(targets[i + 1]!) : undefined;
    context.progress({ type: "transfer", action: "get", remoteName: row.name, size: row.size, done: true });
    const exam = await examineVolume(row, download, { ...env, depth: depthOf(row, strategy) });
    if (exam.wrongPassphrase?.certainty === "certain") {
      throw new WrongPassphraseError(
        `Cannot test the backup: the passphrase does not decrypt "${row.name}", which is intact (wrong passphrase)`,
        { cause: exam.wrongPassphrase.error },
      );
    }
    if (exam.wrongPassphrase) possiblyWrong = exam.wrongPassphrase.error;
    if (exam.opened && !recorder.confirmed) recorder.confirm();
    results.push({ name: row.name, type: row.type, errors: exam.errors });
    recorder.add({ row, errors: exam.errors, ...(exam.measured ? { measured: exam.measured } : {}) });
  }
  if (!recorder.confirmed && possiblyWrong) {
    throw new WrongPassphraseError(
      "Cannot test the backup: none of the examined volumes could be decrypted, so the passphrase is wrong " +
        "(or every one of them is damaged)",
      { cause: possiblyWrong },
    );
  }
  recorder.flush();
  context.progress({ type: "phase", phase: "Verify_Complete" });
  results.sort((a, b) => TYPE_RANK[a.type] - TYPE_RANK[b.type]);
  return {
    mainOperation: "Test",
    beginTime: begin,
    endTime: context.now(),
    warnings,
    errors: results.filter((r) => r.errors.length > 0).map((r) => `${r.name}: ${r.errors.length} errors`),
    volumes: results,
    examined: results.length,
    extraFiles: listing.extra,
  };
}

/** How deeply a volume of this type is checked under `strategy`. */
function depthOf(row: VolumeRow, strategy: VerificationStrategy): CheckDepth {
  switch (strategy) {
    case "True":
    case "IndexesOnly":
      return "full";
    case "ListAndIndexes":
      return row.type === "dblock" ? "hash" : "full";
    case "False":
      return "parse";
  }
}

function examineEnvironment(db: Db, passphrase: string | undefined) {
  const parameters: VolumeParameters = {
    blocksize: Number(getConfig(db, CONFIG_BLOCKSIZE) ?? 1024 * 1024),
    blockHash: getConfig(db, CONFIG_BLOCK_HASH) ?? "SHA256",
    fileHash: getConfig(db, CONFIG_FILE_HASH) ?? "SHA256",
  };
  const hashesPerList = Math.floor(parameters.blocksize / hashSize(parameters.blockHash as HashAlgorithm));
  return { db, passphrase, parameters, hashesPerList };
}
