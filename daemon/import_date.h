/* Dates in imported files (dd/mm/yyyy and yyyy-mm-dd) as day numbers, and collection years. */
#ifndef FGCD_IMPORT_DATE_H
#define FGCD_IMPORT_DATE_H

#include <stdbool.h>

/* A date as the number of days since 1 January 1970 (negative before). */
typedef int import_day;

/* Days since 1970-01-01 of a date; the caller checks that the date exists. */
import_day day_from_ymd(int year, int month, int day);
void day_to_ymd(import_day d, int *year, int *month, int *day);

/* True when year-month-day is a real calendar date between 1900 and 2100. */
bool date_exists(int year, int month, int day);

/* "31/03/2024" (day and month may have one digit). Surrounding spaces are ignored. */
bool date_parse_dmy(const char *s, import_day *out);
/* "2024-03-31". Surrounding spaces are ignored. */
bool date_parse_iso(const char *s, import_day *out);

/* "2024-03-31" and "31/03/2024": out must hold 11 bytes. */
void date_format_iso(import_day d, char out[11]);
void date_format_dmy(import_day d, char out[11]);

/*
 * Collection years run from 1 April to 31 March and are named by the year they end in:
 * 2024 is 1 April 2023 to 31 March 2024.
 */
int collection_year_of(import_day d);
import_day collection_year_start(int year); /* 1 April of year - 1 */
import_day collection_year_end(int year);   /* 31 March of year */

#endif
