// TEMPORARY scaffold: replaced by the real server state and pause/resume control.
export function ServerControls() {
  return null;
}
