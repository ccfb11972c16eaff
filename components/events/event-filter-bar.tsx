"use client";

import { CalendarClock, ChevronDown, FlaskConical, ListFilter, Plug, Tag, X } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { EVENT_STATUS_DISPLAY } from "@/components/ui/status-badge";
import { EVENT_STATUSES, type EventStatus } from "@/server/ledger/event-status";
import { eventFiltersToSearchParams, TIME_RANGE_LABELS, TIME_RANGES, type EventFilters, type TimeRange } from "./event-filters";

export const EVENT_FILTER_FIELDS = ["status", "endpoint", "range", "livemode", "type"] as const;
export type EventFilterField = (typeof EVENT_FILTER_FIELDS)[number];

export type EventFilterBarProps = {
  filters: EventFilters;
  endpoints: string[];
  fields?: readonly EventFilterField[];
  className?: string;
};

/** Filter chips that write the URL (and so the server query); changing a filter goes back to the first page. */
export function EventFilterBar({ filters, endpoints, fields = EVENT_FILTER_FIELDS, className }: EventFilterBarProps) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [typeDraft, setTypeDraft] = useState(filters.type ?? "");
  const [typeError, setTypeError] = useState<string | null>(null);

  const apply = (change: Partial<EventFilters>) => {
    const params = eventFiltersToSearchParams({ ...filters, ...change, cursor: undefined });
    const query = params.toString();
    startTransition(() => router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false }));
  };
  const toggleStatus = (status: EventStatus, on: boolean) => apply({ status: on ? [...filters.status, status] : filters.status.filter((item) => item !== status) });
  const submitType = () => {
    const value = typeDraft.trim();
    if (value && !/^[a-z0-9_.]+(\.\*)?$/.test(value)) {
      setTypeError("An event type such as invoice.paid, or invoice.*");
      return;
    }
    setTypeError(null);
    apply({ type: value || undefined });
  };
  const show = (field: EventFilterField) => fields.includes(field);
  const active = filters.status.length > 0 || filters.endpoint || filters.range || filters.livemode || filters.type;

  return (
    <div className={cn("flex flex-wrap items-center gap-1.5", className)} aria-busy={pending} data-testid="event-filters">
      <ListFilter className="mr-0.5 size-4 text-muted-foreground" aria-hidden />
      {show("status") ? (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <FilterChip active={filters.status.length > 0} icon={null}>
              {filters.status.length > 0 ? (
                <span>
                  Status:{" "}
                  <span className="font-normal">{filters.status.length === 1 ? EVENT_STATUS_DISPLAY[filters.status[0] as EventStatus].label : `${filters.status.length} selected`}</span>
                </span>
              ) : (
                "Status"
              )}
            </FilterChip>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start">
            <DropdownMenuLabel>Status</DropdownMenuLabel>
            {EVENT_STATUSES.map((status) => (
              <DropdownMenuCheckboxItem key={status} checked={filters.status.includes(status)} onCheckedChange={(on) => toggleStatus(status, on === true)} onSelect={(event) => event.preventDefault()}>
                {EVENT_STATUS_DISPLAY[status].label}
              </DropdownMenuCheckboxItem>
            ))}
            {filters.status.length > 0 ? (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuCheckboxItem checked={false} onCheckedChange={() => apply({ status: [] })}>
                  Any status
                </DropdownMenuCheckboxItem>
              </>
            ) : null}
          </DropdownMenuContent>
        </DropdownMenu>
      ) : null}

      {show("endpoint") && endpoints.length > 0 ? (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <FilterChip active={Boolean(filters.endpoint)} icon={<Plug aria-hidden />}>
              Endpoint{filters.endpoint ? <span className="font-normal">: {filters.endpoint}</span> : null}
            </FilterChip>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start">
            <DropdownMenuLabel>Endpoint</DropdownMenuLabel>
            <DropdownMenuRadioGroup value={filters.endpoint ?? ""} onValueChange={(value) => apply({ endpoint: value || undefined })}>
              <DropdownMenuRadioItem value="">Any endpoint</DropdownMenuRadioItem>
              {endpoints.map((name) => (
                <DropdownMenuRadioItem key={name} value={name}>
                  {name}
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </DropdownMenuContent>
        </DropdownMenu>
      ) : null}

      {show("range") ? (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <FilterChip active={Boolean(filters.range)} icon={<CalendarClock aria-hidden />}>
              {filters.range ? TIME_RANGE_LABELS[filters.range] : "Any time"}
            </FilterChip>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start">
            <DropdownMenuLabel>Received</DropdownMenuLabel>
            <DropdownMenuRadioGroup value={filters.range ?? ""} onValueChange={(value) => apply({ range: (value || undefined) as TimeRange | undefined })}>
              <DropdownMenuRadioItem value="">Any time</DropdownMenuRadioItem>
              {(Object.keys(TIME_RANGES) as TimeRange[]).map((range) => (
                <DropdownMenuRadioItem key={range} value={range}>
                  {TIME_RANGE_LABELS[range]}
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </DropdownMenuContent>
        </DropdownMenu>
      ) : null}

      {show("livemode") ? (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <FilterChip active={Boolean(filters.livemode)} icon={<FlaskConical aria-hidden />}>
              {filters.livemode === "live" ? "Live mode" : filters.livemode === "test" ? "Test mode" : "Live and test"}
            </FilterChip>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="start">
            <DropdownMenuRadioGroup value={filters.livemode ?? ""} onValueChange={(value) => apply({ livemode: value === "live" || value === "test" ? value : undefined })}>
              <DropdownMenuRadioItem value="">Live and test</DropdownMenuRadioItem>
              <DropdownMenuRadioItem value="live">Live mode only</DropdownMenuRadioItem>
              <DropdownMenuRadioItem value="test">Test mode only</DropdownMenuRadioItem>
            </DropdownMenuRadioGroup>
          </DropdownMenuContent>
        </DropdownMenu>
      ) : null}

      {show("type") ? (
        <form
          className="relative"
          onSubmit={(event) => {
            event.preventDefault();
            submitType();
          }}
        >
          <Tag className="pointer-events-none absolute left-2 top-1/2 size-3.5 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <label htmlFor="event-type-filter" className="sr-only">
            Event type (exact, or a prefix such as invoice.*); press Enter to apply
          </label>
          <Input
            id="event-type-filter"
            value={typeDraft}
            onChange={(event) => setTypeDraft(event.target.value)}
            onBlur={() => {
              if ((typeDraft.trim() || undefined) !== filters.type) submitType();
            }}
            placeholder="Type, e.g. invoice.*"
            className={cn("h-8 w-48 pl-7 font-mono text-xs", filters.type && "border-primary/50 bg-primary/5")}
            aria-invalid={typeError ? true : undefined}
            aria-describedby={typeError ? "event-type-filter-error" : undefined}
            spellCheck={false}
            autoComplete="off"
          />
          {typeError ? (
            <p id="event-type-filter-error" role="alert" className="absolute left-0 top-full z-10 mt-1 whitespace-nowrap rounded bg-popover px-2 py-1 text-xs text-destructive shadow">
              {typeError}
            </p>
          ) : null}
        </form>
      ) : null}

      {active ? (
        <Button
          variant="ghost"
          size="xs"
          onClick={() => {
            setTypeDraft("");
            apply({ status: [], endpoint: undefined, range: undefined, livemode: undefined, type: undefined });
          }}
        >
          <X aria-hidden />
          Clear
        </Button>
      ) : null}
    </div>
  );
}

function FilterChip({ active, icon, children, className, ...props }: React.ComponentProps<"button"> & { active: boolean; icon: React.ReactNode }) {
  return (
    <button
      type="button"
      className={cn(
        "inline-flex h-8 items-center gap-1.5 rounded-md border px-2.5 text-[13px] font-medium transition-colors focus-visible:outline-2 focus-visible:outline-ring [&_svg]:size-3.5 [&_svg]:shrink-0",
        active ? "border-primary/40 bg-primary/5 text-foreground" : "border-dashed border-input text-muted-foreground hover:bg-accent hover:text-foreground",
        className,
      )}
      {...props}
    >
      {icon}
      {children}
      <ChevronDown className="opacity-60" aria-hidden />
    </button>
  );
}
