/* Calendar dates as day numbers (days since 1970-01-01) for the demo data generator. */
#ifndef FGCD_DEMO_DATE_H
#define FGCD_DEMO_DATE_H

#include <stdbool.h>

/* A date as the number of days since 1970-01-01 (proleptic Gregorian calendar). */
typedef int demo_day;

demo_day demo_day_from_ymd(int year, int month, int day);
void demo_day_to_ymd(demo_day d, int *year, int *month, int *day);

/* 1 = Monday ... 7 = Sunday (ISO). */
int demo_day_weekday(demo_day d);

/* Moves a weekend day forward to the next Monday; weekdays are unchanged. */
demo_day demo_day_next_weekday(demo_day d);

/* Whole years of age on a date (birthdays on 29 February fall on 1 March in other years). */
int demo_age_on(demo_day dob, demo_day on);

/* Parses YYYY-MM-DD (a real date); returns false when it is not one. */
bool demo_day_parse(const char *text, demo_day *out);

/* Writes YYYY-MM-DD and a terminating NUL into buf (at least 11 bytes). */
void demo_day_format(demo_day d, char *buf);

/* Today's date in the local time zone. */
demo_day demo_day_today(void);

#endif
