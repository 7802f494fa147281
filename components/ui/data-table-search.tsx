"use client";

import { useEffect, useRef, useState } from "react";
import { Input } from "./input";

/**
 * Search box that waits for a pause in typing before asking the server. `initial` is the URL's q:
 * when it changes for another reason than this box's own search (a tab link, Back), the box shows it.
 */
export function DataTableSearch({ label, initial, maxLength, onSearch }: { label: string; initial: string; maxLength?: number; onSearch: (q: string) => void }) {
  const [value, setValue] = useState(initial);
  const [seen, setSeen] = useState(initial); // the last `initial` rendered
  const [requested, setRequested] = useState(initial); // the q last asked for, or last taken from the URL
  const [inFlight, setInFlight] = useState<string[]>([]); // asked for, not yet back in the URL
  const callback = useRef(onSearch);
  useEffect(() => {
    callback.current = onSearch;
  }, [onSearch]);

  // Adjusted while rendering rather than keyed by q: a remount would drop the focus and whatever was
  // typed while this box's own search was on its way back.
  if (initial !== seen) {
    setSeen(initial);
    const echo = inFlight.indexOf(initial);
    if (echo >= 0) {
      setInFlight(inFlight.slice(echo + 1));
    } else {
      setValue(initial);
      setRequested(initial);
      setInFlight([]);
    }
  }

  useEffect(() => {
    const q = value.trim();
    if (q === requested) return;
    const timer = setTimeout(() => {
      setRequested(q);
      setInFlight((queue) => [...queue, q]);
      callback.current(q);
    }, 300);
    return () => clearTimeout(timer);
  }, [value, requested]);

  return (
    <div className="max-w-md">
      <label htmlFor="table-search" className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <Input id="table-search" type="search" value={value} maxLength={maxLength} onChange={(e) => setValue(e.target.value)} />
    </div>
  );
}
