/**
 * The work one packing lane does, shared by the worker (`compress_worker.ts`) and the in-process mode: encode
 * each block (compress or store), append it to the lane's current dblock file, seal the file on request.
 * Messages are handled strictly in order.
 * @module
 */
import { type BlockCodecOptions, type CompressionHint, encodeBlock } from "../../volumes/block_codec.ts";
import { VolumeFileWriter } from "../../volumes/volume_writer.ts";

export type LaneRequest =
  | {
    readonly type: "open";
    readonly volumeId: number;
    readonly path: string;
    readonly passphrase: string | undefined;
    readonly manifest: Uint8Array;
    readonly codec: BlockCodecOptions;
  }
  | {
    readonly type: "block";
    readonly name: string;
    /** The block is the first `length` bytes; the buffer goes back to the sender once the writer copied them. */
    readonly data: ArrayBuffer;
    readonly length: number;
    readonly hint: CompressionHint;
  }
  | {
    readonly type: "blocks";
    /** Small blocks sent together: each item names a slice of `data`. */
    readonly items: readonly { readonly name: string; readonly hint: CompressionHint; readonly length: number }[];
    readonly data: ArrayBuffer;
  }
  | { readonly type: "seal" }
  | { readonly type: "abort" };

export type LaneReply =
  | {
    readonly type: "ack";
    readonly rawBytes: number;
    readonly storedBytes: number;
    /** The request's buffer, handed back for reuse (transferred). */
    readonly buffers: readonly ArrayBuffer[];
  }
  | {
    readonly type: "sealed";
    readonly volumeId: number;
    readonly path: string;
    readonly size: number;
    readonly hash: string;
  }
  | { readonly type: "error"; readonly message: string };

const FLUSH_AT = 4 * 1024 * 1024;

/** Handles lane requests in order; replies through `reply`. */
export class LaneProcessor {
  #writer: VolumeFileWriter | undefined;
  #volumeId = 0;
  #path = "";
  #codec: BlockCodecOptions = { method: "Deflate", level: 6 };
  #queue: Promise<void> = Promise.resolve();
  #failed = false;

  constructor(private readonly reply: (message: LaneReply, transfer?: Transferable[]) => void) {}

  /** Acknowledges a request and hands its buffer back: the writer copied the bytes, so it can be reused at once. */
  #ack(rawBytes: number, storedBytes: number, buffer: ArrayBuffer): void {
    this.reply({ type: "ack", rawBytes, storedBytes, buffers: [buffer] }, [buffer]);
  }

  /** Queues a request; requests run one after another. */
  submit(request: LaneRequest): void {
    this.#queue = this.#queue.then(() => this.#failed ? undefined : this.#handle(request)).catch((error) => {
      this.#failed = true;
      this.#writer?.discard();
      this.reply({ type: "error", message: error instanceof Error ? error.message : String(error) });
    });
  }

  async #handle(request: LaneRequest): Promise<void> {
    switch (request.type) {
      case "open":
        this.#volumeId = request.volumeId;
        this.#path = request.path;
        this.#codec = request.codec;
        this.#writer = new VolumeFileWriter({ path: request.path, passphrase: request.passphrase });
        this.#writer.addText("manifest", request.manifest);
        return;
      case "block": {
        const writer = this.#requireWriter();
        const bytes = new Uint8Array(request.data, 0, request.length);
        const entry = encodeBlock(request.name, bytes, { ...this.#codec, hint: request.hint });
        writer.add(entry);
        this.#ack(request.length, entry.data.length, request.data);
        if (writer.pendingBytes >= FLUSH_AT) await writer.flush();
        return;
      }
      case "blocks": {
        const writer = this.#requireWriter();
        let offset = 0, stored = 0;
        for (const item of request.items) {
          const bytes = new Uint8Array(request.data, offset, item.length);
          offset += item.length;
          const entry = encodeBlock(item.name, bytes, { ...this.#codec, hint: item.hint });
          writer.add(entry);
          stored += entry.data.length;
        }
        this.#ack(offset, stored, request.data);
        if (writer.pendingBytes >= FLUSH_AT) await writer.flush();
        return;
      }
      case "seal": {
        const sealed = await this.#requireWriter().finish();
        this.#writer = undefined;
        this.reply({
          type: "sealed",
          volumeId: this.#volumeId,
          path: this.#path,
          size: sealed.size,
          hash: sealed.hash,
        });
        return;
      }
      case "abort":
        this.#writer?.discard();
        this.#writer = undefined;
        return;
    }
  }

  #requireWriter(): VolumeFileWriter {
    if (!this.#writer) throw new Error("Cannot add a block: no volume is open in this lane");
    return this.#writer;
  }
}
