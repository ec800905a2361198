/* Date parsing and calendar arithmetic for the importers (proleptic Gregorian, no time zones). */
#include "import_date.h"

#include <stddef.h>

/* Howard Hinnant's days_from_civil and civil_from_days. */
import_day day_from_ymd(int year, int month, int day)
{
    int y = year - (month <= 2);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void day_to_ymd(import_day d, int *year, int *month, int *day)
{
    int z = d + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp + (mp < 10 ? 3 : -9);
    *year = y + (*month <= 2);
}

bool date_exists(int year, int month, int day)
{
    static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1)
        return false;
    int max = days_in[month - 1];
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        max = 29;
    return day <= max;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Reads 1 to max digits; returns the position after them or NULL. */
static const char *digits(const char *s, int min, int max, int *out)
{
    int n = 0, v = 0;
    while (n < max && s[n] >= '0' && s[n] <= '9') {
        v = v * 10 + (s[n] - '0');
        n++;
    }
    if (n < min)
        return NULL;
    *out = v;
    return s + n;
}

static bool finish(const char *s, int y, int m, int d, import_day *out)
{
    if (*skip_spaces(s) != '\0' || !date_exists(y, m, d))
        return false;
    *out = day_from_ymd(y, m, d);
    return true;
}

bool date_parse_dmy(const char *s, import_day *out)
{
    int d, m, y;
    s = skip_spaces(s);
    if (!(s = digits(s, 1, 2, &d)) || *s++ != '/' || !(s = digits(s, 1, 2, &m)) || *s++ != '/' ||
        !(s = digits(s, 4, 4, &y)))
        return false;
    return finish(s, y, m, d, out);
}

bool date_parse_iso(const char *s, import_day *out)
{
    int d, m, y;
    s = skip_spaces(s);
    if (!(s = digits(s, 4, 4, &y)) || *s++ != '-' || !(s = digits(s, 2, 2, &m)) || *s++ != '-' ||
        !(s = digits(s, 2, 2, &d)))
        return false;
    return finish(s, y, m, d, out);
}

/* Writes n digits of v (0 <= v), most significant first. */
static void put_digits(char *out, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void date_format_iso(import_day d, char out[11])
{
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    put_digits(out, y < 0 ? 0 : y % 10000, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, dd, 2);
    out[10] = '\0';
}

void date_format_dmy(import_day d, char out[11])
{
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    put_digits(out, dd, 2);
    out[2] = '/';
    put_digits(out + 3, m, 2);
    out[5] = '/';
    put_digits(out + 6, y < 0 ? 0 : y % 10000, 4);
    out[10] = '\0';
}

int collection_year_of(import_day d)
{
    int y, m, dd;
    day_to_ymd(d, &y, &m, &dd);
    return m >= 4 ? y + 1 : y;
}

import_day collection_year_start(int year)
{
    return day_from_ymd(year - 1, 4, 1);
}

import_day collection_year_end(int year)
{
    return day_from_ymd(year, 3, 31);
}
