"use client";

import { useMemo } from "react";
import { DataTable, type ServerTableState } from "@/components/ui/data-table";
import type { UserRow } from "@/lib/data/switchboard-users";
import { SEARCH_MAX_LENGTH } from "@/lib/validation/table-limits";
import { getUserColumns } from "./user-columns";

export function UsersTable({ rows, total, state }: { rows: UserRow[]; total: number; state: ServerTableState }) {
  const columns = useMemo(() => getUserColumns(), []);
  return (
    <DataTable
      columns={columns}
      data={rows}
      total={total}
      state={state}
      getRowId={(r) => r.id}
      searchLabel="Search by name, number or tag"
      searchMaxLength={SEARCH_MAX_LENGTH}
      emptyMessage={state.q ? `No users match “${state.q}”.` : "This switchboard has no users yet."}
    />
  );
}
