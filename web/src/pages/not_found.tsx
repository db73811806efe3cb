/** The page for a route that does not exist. */
import { href } from "../router.ts";
import { PageHeader } from "../components/ui.tsx";

export function NotFoundPage() {
  return (
    <section>
      <PageHeader title="Page not found" />
      <p>
        There is no page at this address. <a href={href("/")}>Go to the list of backups</a>.
      </p>
    </section>
  );
}
