/**
 * Main-thread side of packing: spreads new blocks over lanes (workers, or in-process for tests and
 * `--concurrency-compressors=1`), keeps each lane's dblock under `--dblock-size`, bounds the bytes in flight,
 * and reports every sealed volume. A volume is sealed before a block would push its upper-bound size (acked
 * stored bytes + raw bytes in flight + zip overhead) past the limit, so volumes never exceed it.
 *
 * Sealing does not stop the packing: the lane is told to seal and to open its next volume in the same breath (a
 * lane handles its messages in order), and the sealed volume is handed to `onSealed` when the lane reports it,
 * while new blocks keep flowing. Waiting for the lane to drain before going on left the other lane short of
 * work and one core idle at every seal. Each lane has at most one seal outstanding, and `onSealed` calls run one
 * at a time, in the order the lanes report.
 * @module
 */
import type { BlockCodecOptions, CompressionHint } from "../../volumes/block_codec.ts";
import { entryOverhead } from "../../volumes/zip/zip_writer.ts";
import { LaneProcessor, type LaneReply, type LaneRequest } from "./volume_lane.ts";

export interface SealedBlockVolume {
  readonly volumeId: number;
  readonly path: string;
  readonly size: number;
  readonly hash: string;
}

export interface BlockPackerOptions {
  readonly lanes: number;
  readonly useWorkers: boolean;
  readonly dblockSize: number;
  /** Size of pooled read buffers (the backup's block size). */
  readonly blocksize: number;
  readonly passphrase: string | undefined;
  readonly manifest: Uint8Array;
  readonly codec: BlockCodecOptions;
  /** Creates the next dblock (database row + temp path); returns its id and temp path. */
  readonly newVolume: () => { volumeId: number; path: string };
  /**
   * Called for every sealed volume, one call at a time, in the order the lanes report them; it runs while other
   * blocks are being added. A lane's next seal waits for its previous volume's call to finish. The first failure
   * stops further calls and is thrown by the next {@link BlockPacker.add} or by {@link BlockPacker.finish}.
   */
  readonly onSealed: (volume: SealedBlockVolume) => Promise<void>;
}

const IN_FLIGHT_LIMIT = 8 * 1024 * 1024;
/** Blocks smaller than this are batched into one message (a message costs tens of µs; small files are many). */
const SMALL_BLOCK = 64 * 1024;
const BATCH_BYTES = 1024 * 1024;
/** A batch buffer holds {@link BATCH_BYTES} plus one more small block. */
const BATCH_CAPACITY = BATCH_BYTES + SMALL_BLOCK;
const BATCH_COUNT = 1024;
const POOL_LIMIT = 64;
const BATCH_POOL_LIMIT = 8;
const MANIFEST_ALLOWANCE = 512;

interface Port {
  post(message: LaneRequest, transfer?: Transferable[]): void;
  close(): void;
}

class Lane {
  volumeId = 0;
  open = false;
  estimate = 0;
  inFlight = 0;
  blocks = 0;
  /** Waits for the lane's answer to its one outstanding seal (undefined: the lane failed or was stopped). */
  sealWaiter: ((v: SealedBlockVolume | undefined) => void) | undefined;
  /** The lane's outstanding seal: settles once its volume went through `onSealed` (or failed). */
  sealing: Promise<void> | undefined;
  ackWaiters: (() => void)[] = [];
  /** Small blocks waiting to be sent together: their bytes are copied into `batchData`. */
  batch: { name: string; hint: CompressionHint; length: number }[] = [];
  batchData: Uint8Array | undefined;
  batchBytes = 0;
  error: Error | undefined;
  constructor(readonly port: Port) {}

  takeSealWaiter(): ((v: SealedBlockVolume | undefined) => void) | undefined {
    const waiter = this.sealWaiter;
    this.sealWaiter = undefined;
    return waiter;
  }
}

/** Packs blocks into dblock volume files. */
export class BlockPacker {
  readonly #lanes: Lane[] = [];
  readonly #pool: ArrayBuffer[] = [];
  readonly #batchPool: ArrayBuffer[] = [];
  readonly #options: BlockPackerOptions;
  /** `onSealed` calls, one after another; never rejects (a failure lands in {@link #failure}). */
  #handOffs: Promise<void> = Promise.resolve();
  #failure: Error | undefined;
  #closed = false;

  constructor(options: BlockPackerOptions) {
    this.#options = options;
    for (let i = 0; i < Math.max(1, options.lanes); i++) this.#lanes.push(this.#createLane(options.useWorkers));
  }

  #createLane(useWorker: boolean): Lane {
    let lane!: Lane;
    const onReply = (message: LaneReply) => this.#onReply(lane, message);
    if (useWorker) {
      const worker = new Worker(new URL("./compress_worker.ts", import.meta.url).href, { type: "module" });
      worker.onmessage = (event: MessageEvent<LaneReply>) => onReply(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        onReply({ type: "error", message: event.message });
      };
      lane = new Lane({ post: (m, t) => worker.postMessage(m, t ?? []), close: () => worker.terminate() });
    } else {
      const processor = new LaneProcessor((m) => queueMicrotask(() => onReply(m)));
      lane = new Lane({ post: (m) => processor.submit(m), close: () => {} });
    }
    return lane;
  }

  #onReply(lane: Lane, message: LaneReply): void {
    if (message.type === "ack") {
      lane.inFlight -= message.rawBytes;
      lane.estimate += message.storedBytes - message.rawBytes;
      for (const buffer of message.buffers) this.release(buffer);
      lane.ackWaiters.shift()?.();
    } else if (message.type === "sealed") {
      lane.takeSealWaiter()?.({
        volumeId: message.volumeId,
        path: message.path,
        size: message.size,
        hash: message.hash,
      });
    } else {
      lane.error = new Error(`Cannot write a volume: ${message.message}`);
      lane.ackWaiters.splice(0).forEach((w) => w());
      lane.takeSealWaiter()?.(undefined);
    }
  }

  /**
   * Adds a block and returns the id of the volume it will be stored in. `data` is transferred to the lane (or,
   * when small, copied and its buffer given back to the pool) and must not be used afterwards.
   */
  async add(name: string, data: Uint8Array, hint: CompressionHint): Promise<number> {
    const lane = this.#pickLane();
    const cost = entryOverhead(name) + data.length;
    if (lane.open && lane.blocks > 0 && lane.estimate + cost > this.#options.dblockSize) await this.#seal(lane);
    if (lane.inFlight > IN_FLIGHT_LIMIT) this.#sendBatch(lane);
    while (lane.inFlight > IN_FLIGHT_LIMIT) await new Promise<void>((resolve) => lane.ackWaiters.push(resolve));
    this.#throwIfFailed(lane);
    if (!lane.open) this.#openVolume(lane);
    lane.estimate += cost;
    lane.inFlight += data.length;
    lane.blocks++;
    if (data.length < SMALL_BLOCK) {
      lane.batchData ??= this.#batchPool.length > 0
        ? new Uint8Array(this.#batchPool.pop()!)
        : new Uint8Array(BATCH_CAPACITY);
      lane.batchData.set(data, lane.batchBytes);
      lane.batch.push({ name, hint, length: data.length });
      lane.batchBytes += data.length;
      if (data.byteOffset === 0) this.release(data.buffer as ArrayBuffer);
      if (lane.batchBytes >= BATCH_BYTES || lane.batch.length >= BATCH_COUNT) this.#sendBatch(lane);
      return lane.volumeId;
    }
    const buffer = data.byteOffset === 0 ? data.buffer as ArrayBuffer : data.slice().buffer as ArrayBuffer;
    lane.port.post({ type: "block", name, data: buffer, length: data.length, hint }, [buffer]);
    return lane.volumeId;
  }

  #sendBatch(lane: Lane): void {
    if (lane.batch.length === 0 || lane.batchData === undefined) return;
    const { batch: items, batchData: { buffer } } = lane;
    lane.batch = [];
    lane.batchData = undefined;
    lane.batchBytes = 0;
    lane.port.post({ type: "blocks", items, data: buffer as ArrayBuffer }, [buffer as ArrayBuffer]);
  }

  /**
   * A buffer for reading one block of up to `size` bytes: a view of a pooled block-size buffer (larger sizes get
   * their own). Blocks are read straight into it and it travels to a lane and back (or its bytes are copied into a
   * batch and it returns to the pool at once), so steady-state backups allocate no block buffers.
   */
  acquire(size: number): Uint8Array {
    if (size > this.#options.blocksize) return new Uint8Array(size);
    return new Uint8Array(this.#pool.pop() ?? new ArrayBuffer(this.#options.blocksize), 0, size);
  }

  /** Gives a buffer back (a lane wrote it, or the block was a duplicate and never sent); other sizes are dropped. */
  release(buffer: ArrayBuffer): void {
    if (buffer.byteLength === this.#options.blocksize) {
      if (this.#pool.length < POOL_LIMIT) this.#pool.push(buffer);
    } else if (buffer.byteLength === BATCH_CAPACITY && this.#batchPool.length < BATCH_POOL_LIMIT) {
      this.#batchPool.push(buffer);
    }
  }

  /** Seals every open volume and waits until every sealed volume went through `onSealed`. */
  async finish(): Promise<void> {
    for (const lane of this.#lanes) if (lane.open) await this.#seal(lane);
    for (const lane of this.#lanes) await lane.sealing;
    await this.#handOffs;
    for (const lane of this.#lanes) this.#throwIfFailed(lane);
  }

  /**
   * Stops the lanes; open volumes are discarded. A running `onSealed` call is waited for (so it is not cut off
   * halfway through its database work) and no further one starts. Safe to call more than once.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const lane of this.#lanes) {
      if (lane.open) lane.port.post({ type: "abort" });
      lane.port.close();
      lane.open = false;
      // A terminated worker never answers: outstanding seals are dropped.
      lane.takeSealWaiter()?.(undefined);
    }
    await this.#handOffs;
  }

  #pickLane(): Lane {
    let best = this.#lanes[0]!;
    for (const lane of this.#lanes) if (lane.inFlight < best.inFlight) best = lane;
    return best;
  }

  #openVolume(lane: Lane): void {
    const { volumeId, path } = this.#options.newVolume();
    lane.volumeId = volumeId;
    lane.open = true;
    lane.estimate = MANIFEST_ALLOWANCE + 22;
    lane.blocks = 0;
    lane.port.post({
      type: "open",
      volumeId,
      path,
      passphrase: this.#options.passphrase,
      manifest: this.#options.manifest,
      codec: this.#options.codec,
    });
  }

  /**
   * Tells the lane to seal its volume and returns once the request is sent (after the lane's previous seal went
   * through `onSealed`). The next block opens the lane's next volume; the lane seals first, as messages run in order.
   */
  async #seal(lane: Lane): Promise<void> {
    await lane.sealing;
    this.#throwIfFailed(lane);
    this.#sendBatch(lane);
    const reply = new Promise<SealedBlockVolume | undefined>((resolve) => lane.sealWaiter = resolve);
    lane.port.post({ type: "seal" });
    lane.open = false;
    lane.sealing = reply.then((volume) => this.#handOff(volume));
  }

  /** Queues `onSealed` for a sealed volume behind the earlier ones; settles when it ran (or was skipped). */
  #handOff(volume: SealedBlockVolume | undefined): Promise<void> {
    const run = async () => {
      if (volume === undefined || this.#failure !== undefined || this.#closed) return;
      try {
        await this.#options.onSealed(volume);
      } catch (error) {
        this.#failure ??= error instanceof Error ? error : new Error(String(error));
      }
    };
    return this.#handOffs = this.#handOffs.then(run);
  }

  #throwIfFailed(lane: Lane): void {
    if (lane.error) throw lane.error;
    if (this.#failure) throw this.#failure;
  }
}
