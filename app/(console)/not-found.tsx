// A page or record that does not exist, or that the signed-in role may not see (both answer 404).
import Link from "next/link";

export default function ConsoleNotFound() {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center gap-3 px-6 py-12 text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="text-sm text-muted-foreground">There is nothing here, or your role does not include it.</p>
      <Link href="/overview" className="text-sm underline underline-offset-2">
        Back to the overview
      </Link>
    </div>
  );
}
