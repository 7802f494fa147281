"use client";

import { PAGE_SIZES } from "@/lib/validation/table-limits";
import { Button } from "./button";

export function DataTablePagination({
  page,
  pageSize,
  total,
  onPage,
  onPageSize,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (size: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // The server clamps the page; clamping here too keeps "101–40 of 40" off screen whatever it is given.
  const current = Math.min(Math.max(1, page), pages);
  const from = total === 0 ? 0 : (current - 1) * pageSize + 1;
  const to = Math.min(total, current * pageSize);
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p>
        {from}–{to} of {total}
      </p>
      <div className="flex items-center gap-2">
        <label className="flex items-center gap-2">
          Rows per page
          <select
            className="rounded-md border border-slate-300 bg-white px-2 py-1"
            value={pageSize}
            onChange={(e) => onPageSize(Number(e.target.value))}
          >
            {PAGE_SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" disabled={current <= 1} onClick={() => onPage(current - 1)}>
          Previous
        </Button>
        <span>
          Page {current} of {pages}
        </span>
        <Button variant="secondary" disabled={current >= pages} onClick={() => onPage(current + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
