/** CSV download links (plain anchors: the route handlers answer with Content-Disposition: attachment). */
export function DownloadLinks({ title, links }: { title: string; links: { href: string; label: string; testId?: string }[] }) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="font-medium text-slate-600">{title}</span>
      {links.map((link) => (
        <a
          key={link.href}
          href={link.href}
          download
          data-testid={link.testId}
          className="inline-flex items-center gap-1 rounded-lg border border-slate-200 bg-white px-2.5 py-1 font-medium text-slate-700 hover:border-brand-600 hover:text-brand-700"
        >
          <span aria-hidden>⤓</span>
          {link.label}
        </a>
      ))}
    </div>
  );
}
