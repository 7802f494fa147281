"use client";

import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { DataTablePagination } from "./data-table-pagination";
import { DataTableSearch } from "./data-table-search";

export type ServerTableState = { page: number; pageSize: number; sort: string; dir: "asc" | "desc"; q: string };

/**
 * Generic table whose paging, sorting and search live on the server: the URL's search params are
 * the state, so a reload or a shared link shows the same page.
 */
export function DataTable<Row>({
  columns,
  data,
  total,
  state,
  searchLabel,
  searchMaxLength,
  emptyMessage,
  getRowId,
}: {
  columns: ColumnDef<Row, unknown>[];
  data: Row[];
  total: number;
  state: ServerTableState;
  searchLabel: string;
  /** The longest search the server runs: the box stops there instead of the server cutting it. */
  searchMaxLength?: number;
  emptyMessage: string;
  getRowId: (row: Row) => string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();

  function navigate(patch: Partial<Record<keyof ServerTableState, string | number>>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value === "" || value === undefined) next.delete(key);
      else next.set(key, String(value));
    }
    startTransition(() => router.replace(`${pathname}?${next.toString()}`, { scroll: false }));
  }

  const sorting: SortingState = [{ id: state.sort, desc: state.dir === "desc" }];
  const table = useReactTable({
    data,
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    rowCount: total,
    state: { sorting, pagination: { pageIndex: state.page - 1, pageSize: state.pageSize } },
    onSortingChange: (updater) => {
      const [first] = typeof updater === "function" ? updater(sorting) : updater;
      navigate({ sort: first?.id ?? "", dir: first?.desc ? "desc" : "asc", page: 1 });
    },
  });

  return (
    <div className="space-y-3">
      <DataTableSearch label={searchLabel} initial={state.q} maxLength={searchMaxLength} onSearch={(q) => navigate({ q, page: 1 })} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" aria-busy={pending}>
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const label = flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted ? (sorted === "desc" ? "descending" : "ascending") : undefined}
                      className="px-4 py-2 text-left font-medium text-slate-700"
                    >
                      {header.column.getCanSort() ? (
                        <button type="button" className="inline-flex items-center gap-1 hover:text-slate-900" onClick={header.column.getToggleSortingHandler()}>
                          {label}
                          <span aria-hidden className="text-xs text-slate-400">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                        </button>
                      ) : (
                        label
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className={`divide-y divide-slate-100 ${pending ? "opacity-60" : ""}`}>
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-4 py-8 text-center text-slate-500">
                  {emptyMessage}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id} className="hover:bg-slate-50">
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="px-4 py-2 align-top">
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <DataTablePagination
        page={state.page}
        pageSize={state.pageSize}
        total={total}
        onPage={(page) => navigate({ page })}
        onPageSize={(pageSize) => navigate({ pageSize, page: 1 })}
      />
    </div>
  );
}
