"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import type { UserRow } from "@/lib/data/switchboard-users";

export function getUserColumns(): ColumnDef<UserRow, unknown>[] {
  return [
    {
      // accessorKey makes a column sortable; the sorting itself happens on the server.
      accessorKey: "displayName",
      header: "Name",
      cell: ({ row }) => (
        <div>
          <div className="font-medium text-slate-900">{row.original.displayName ?? "(no name)"}</div>
          {row.original.email && <div className="text-xs text-slate-500">{row.original.email}</div>}
          {row.original.kind === "LIMITED" && (
            <span className="mt-1 inline-block">
              <Badge tone="info">Limited</Badge>
            </span>
          )}
        </div>
      ),
    },
    {
      id: "numbers",
      header: "Numbers",
      enableSorting: false,
      cell: ({ row }) => (
        <ul className="space-y-0.5 whitespace-nowrap font-mono text-xs">
          {row.original.numbers.map((n) => (
            <li key={n.id} title={n.valid ? undefined : "Not a valid phone number; it cannot be matched"}>
              {n.display}
              {!n.valid && <span className="ml-1 font-sans text-red-700">(invalid)</span>}
            </li>
          ))}
        </ul>
      ),
    },
    { accessorKey: "title", header: "Title", cell: ({ row }) => row.original.title ?? "" },
    { accessorKey: "department", header: "Department", cell: ({ row }) => row.original.department ?? "" },
    { accessorKey: "location", header: "Location", cell: ({ row }) => row.original.location ?? "" },
    {
      id: "tags",
      header: "Tags",
      enableSorting: false,
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1">
          {row.original.tags.map((t) => (
            <Badge key={t}>{t}</Badge>
          ))}
        </div>
      ),
    },
  ];
}
