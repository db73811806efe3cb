// TEMPORARY scaffold: replaced by the page's real implementation.
import { PageHeader } from "../../components/ui.tsx";
export function HomePage(_props: Record<string, never>) {
  return <PageHeader title="Backups" />;
}
