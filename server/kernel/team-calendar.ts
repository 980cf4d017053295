/** When a team works: weekdays (0 = Sunday … 6 = Saturday) and a daily window in minutes after local midnight. */
export interface WorkingHours {
  days: readonly number[];
  startMinute: number;
  endMinute: number;
}

/** Mon–Fri 08:00–17:00: the default for teams that have not set their own (issue #8). */
export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], startMinute: 8 * 60, endMinute: 17 * 60 };
/** The home zone of the teams (a German company); also the scheduler's default. */
export const DEFAULT_TEAM_TIME_ZONE = 'Europe/Berlin';

/** A team's time zone and working hours, with the defaults filled in. */
export function teamCalendar(team: { timeZone?: string; workingHours?: WorkingHours } | null | undefined): {
  timeZone: string;
  workingHours: WorkingHours;
} {
  return {
    timeZone: team?.timeZone ?? DEFAULT_TEAM_TIME_ZONE,
    workingHours: team?.workingHours ?? DEFAULT_WORKING_HOURS
  };
}
