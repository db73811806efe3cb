/**
 * Worker entry point of a packing lane: compression, encryption and volume writing off the main thread.
 * @module
 */
/// <reference lib="deno.worker" />
import { LaneProcessor, type LaneRequest } from "./volume_lane.ts";

const processor = new LaneProcessor((message, transfer) => self.postMessage(message, transfer ?? []));
self.onmessage = (event: MessageEvent<LaneRequest>) => processor.submit(event.data);
