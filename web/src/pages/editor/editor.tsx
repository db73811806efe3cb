// TEMPORARY scaffold: replaced by the page's real implementation.
import { PageHeader } from "../../components/ui.tsx";
export function BackupEditorPage(_props: { backupId?: string }) {
  return <PageHeader title="Add backup" />;
}
