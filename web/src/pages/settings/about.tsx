// TEMPORARY scaffold: replaced by the page's real implementation.
import { PageHeader } from "../../components/ui.tsx";
export function AboutPage(_props: Record<string, never>) {
  return <PageHeader title="About" />;
}
