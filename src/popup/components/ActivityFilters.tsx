import type { VendorSummary } from '../../messaging/popup-api';
import { ANY, PROTOCOL_OPTIONS, STATUS_OPTIONS, activeFilterCount, type ActivityFilter } from '../lib/activity-filter';
import { TIME_PRESETS, toLocalInputValue, type TimePreset } from '../lib/time-range';
import { TID } from '../testids';

interface Props {
  filter: ActivityFilter;
  vendors: readonly VendorSummary[];
  onChange: (filter: ActivityFilter) => void;
  error: string | undefined;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function ActivityFilters({ filter, vendors, onChange, error }: Props) {
  const set = (patch: Partial<ActivityFilter>) => onChange({ ...filter, ...patch });
  const setPreset = (preset: TimePreset) => {
    // Custom starts from the last day so both inputs hold something sensible to edit.
    const now = Date.now();
    set({
      time:
        preset === 'custom'
          ? { preset, since: toLocalInputValue(now - 86_400_000), until: toLocalInputValue(now) }
          : { preset },
    });
  };
  return (
    <fieldset className="filters">
      <legend className="sr-only">Filter transactions</legend>
      <label className="filter">
        <span className="sr-only">Status</span>
        <select value={filter.status} onChange={(e) => set({ status: e.target.value as ActivityFilter['status'] })} data-testid={TID.filterStatus}>
          <option value={ANY}>All statuses</option>
          {STATUS_OPTIONS.map((status) => (
            <option key={status} value={status}>
              {capital(status)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span className="sr-only">Vendor</span>
        <select value={filter.channelId} onChange={(e) => set({ channelId: e.target.value })} data-testid={TID.filterVendor}>
          <option value={ANY}>All vendors</option>
          {vendors.map((vendor) => (
            <option key={vendor.vendorKey} value={vendor.vendor}>
              {vendor.vendorOrigin.replace(/^https?:\/\//, '')}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span className="sr-only">Protocol</span>
        <select value={filter.protocol} onChange={(e) => set({ protocol: e.target.value as ActivityFilter['protocol'] })} data-testid={TID.filterProtocol}>
          <option value={ANY}>All protocols</option>
          {PROTOCOL_OPTIONS.map((protocol) => (
            <option key={protocol} value={protocol}>
              {protocol.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span className="sr-only">Time range</span>
        <select value={filter.time.preset} onChange={(e) => setPreset(e.target.value as TimePreset)} data-testid={TID.filterTime}>
          {TIME_PRESETS.map((preset) => (
            <option key={preset.value} value={preset.value}>
              {preset.label}
            </option>
          ))}
        </select>
      </label>
      {filter.time.preset === 'custom' && (
        <div className="filter-range">
          <label>
            <span>From</span>
            <input
              type="datetime-local"
              value={filter.time.since ?? ''}
              onChange={(e) => set({ time: { ...filter.time, since: e.target.value } })}
              data-testid={TID.filterSince}
            />
          </label>
          <label>
            <span>To</span>
            <input
              type="datetime-local"
              value={filter.time.until ?? ''}
              onChange={(e) => set({ time: { ...filter.time, until: e.target.value } })}
              data-testid={TID.filterUntil}
            />
          </label>
        </div>
      )}
      {error && (
        <p className="form-error filter-error" role="alert">
          {error}
        </p>
      )}
      {activeFilterCount(filter) > 0 && <span className="sr-only">{activeFilterCount(filter)} filters active</span>}
    </fieldset>
  );
}
