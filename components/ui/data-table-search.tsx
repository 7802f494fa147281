"use client";

import { useEffect, useRef, useState } from "react";
import { Input } from "./input";

/** Search box that waits for a pause in typing before asking the server. */
export function DataTableSearch({ label, initial, onSearch }: { label: string; initial: string; onSearch: (q: string) => void }) {
  const [value, setValue] = useState(initial);
  const last = useRef(initial);
  const callback = useRef(onSearch);
  useEffect(() => {
    callback.current = onSearch;
  }, [onSearch]);

  useEffect(() => {
    if (value.trim() === last.current.trim()) return;
    const timer = setTimeout(() => {
      last.current = value;
      callback.current(value.trim());
    }, 300);
    return () => clearTimeout(timer);
  }, [value]);

  return (
    <div className="max-w-md">
      <label htmlFor="table-search" className="sr-only">
        {label}
      </label>
      <Input id="table-search" type="search" placeholder={label} value={value} onChange={(e) => setValue(e.target.value)} />
    </div>
  );
}
