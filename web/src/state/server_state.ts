/**
 * One long-poll loop on /serverstate shared by every component: the server's state (running task, paused,
 * warnings), and counters that tell pages when backups or notifications changed so they reload what they show.
 * While a task runs, /progressstate is polled once a second for the progress bar.
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import type { ProgressState, ServerStatus } from "../../../lib/server/api_types.ts";
import { api, errorMessage } from "../api/client.ts";

export interface LiveState {
  readonly status: ServerStatus | undefined;
  readonly progress: ProgressState | undefined;
  /** Set while the server cannot be reached; cleared when it answers again. */
  readonly connectionError: string | undefined;
}

type Listener = (state: LiveState) => void;

let state: LiveState = { status: undefined, progress: undefined, connectionError: undefined };
const listeners = new Set<Listener>();
let running = false;
let generation = 0;

function publish(next: Partial<LiveState>): void {
  state = { ...state, ...next };
  for (const listener of listeners) listener(state);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pollLoop(myGeneration: number): Promise<void> {
  let failures = 0;
  while (running && myGeneration === generation) {
    try {
      const last = state.status?.LastEventID;
      const query = last === undefined ? "" : `?longpoll=true&lastEventId=${last}&duration=29s`;
      const status = await api.get<ServerStatus>(`/serverstate${query}`);
      if (myGeneration !== generation) return;
      failures = 0;
      publish({ status, connectionError: undefined });
    } catch (error) {
      if (myGeneration !== generation) return;
      failures++;
      publish({ connectionError: errorMessage(error) });
      await sleep(Math.min(1000 * failures, 10_000));
    }
  }
}

async function progressLoop(myGeneration: number): Promise<void> {
  while (running && myGeneration === generation) {
    if (state.status?.ActiveTask) {
      try {
        const progress = await api.get<ProgressState | null>("/progressstate?ifactive=true");
        if (myGeneration !== generation) return;
        publish({ progress: progress ?? undefined });
      } catch {
        // The poll loop reports connection trouble; progress just stays as it was.
      }
    } else if (state.progress !== undefined) {
      publish({ progress: undefined });
    }
    await sleep(state.status?.ActiveTask ? 1000 : 500);
  }
}

/** Starts the loops (after signing in). */
export function startLiveState(): void {
  if (running) return;
  running = true;
  generation++;
  void pollLoop(generation);
  void progressLoop(generation);
}

/** Stops the loops (on signing out) and forgets the state. */
export function stopLiveState(): void {
  running = false;
  generation++;
  state = { status: undefined, progress: undefined, connectionError: undefined };
}

/** Asks the server now instead of waiting for the long poll (after a change made from this page). */
export async function refreshLiveState(): Promise<void> {
  try {
    publish({ status: await api.get<ServerStatus>("/serverstate"), connectionError: undefined });
  } catch (error) {
    publish({ connectionError: errorMessage(error) });
  }
}

/** The live state; re-renders on every change. */
export function useLiveState(): LiveState {
  const [current, setCurrent] = useState(state);
  useEffect(() => {
    listeners.add(setCurrent);
    setCurrent(state);
    return () => void listeners.delete(setCurrent);
  }, []);
  return current;
}

/** A number that changes whenever the backups' data changed on the server (list, results, settings). */
export function useDataVersion(): number {
  return useLiveState().status?.LastDataUpdateID ?? 0;
}

/** A number that changes whenever the notifications changed. */
export function useNotificationVersion(): number {
  return useLiveState().status?.LastNotificationUpdateID ?? 0;
}
