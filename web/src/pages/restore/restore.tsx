// TEMPORARY scaffold: replaced by the page's real implementation.
import { PageHeader } from "../../components/ui.tsx";
export function RestorePage(_props: { backupId?: string | undefined }) {
  return <PageHeader title="Restore" />;
}
