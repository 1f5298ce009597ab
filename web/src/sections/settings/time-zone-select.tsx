import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { localTime } from '../../ui/format.ts';

/** Every IANA zone the browser knows, plus UTC (which `supportedValuesOf` leaves out) and `current`. */
function zonesWith(current: string | null | undefined): string[] {
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone')];
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

/** A searchable time-zone picker that says what time it is there now. */
export function TimeZoneSelect({
  value,
  onChange,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string; onChange: (tz: string) => void }) {
  const data = useMemo(() => zonesWith(value), [value]);
  const now = value ? localTime(value) : null;
  return (
    <Select
      label="Time zone"
      searchable
      limit={50}
      allowDeselect={false}
      nothingFoundMessage="No such time zone"
      description={now ? `It is ${now} there now.` : undefined}
      data={data}
      value={value}
      onChange={(tz) => tz && onChange(tz)}
      {...props}
    />
  );
}
