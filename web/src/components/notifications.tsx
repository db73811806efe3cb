// TEMPORARY scaffold: replaced by the real notifications list.
export function Notifications() {
  return null;
}
