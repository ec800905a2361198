/* Civil-date arithmetic on day numbers (after Howard Hinnant's days_from_civil algorithms). */
#include "demo_date.h"

#include <string.h>
#include <time.h>

demo_day demo_day_from_ymd(int year, int month, int day)
{
    int y = month <= 2 ? year - 1 : year;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void demo_day_to_ymd(demo_day d, int *year, int *month, int *day)
{
    int z = d + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp < 10 ? mp + 3 : mp - 9;
    *year = yoe + era * 400 + (mm <= 2);
    *month = mm;
    *day = dd;
}

int demo_day_weekday(demo_day d)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (d % 7 + 7) % 7; /* 0 = Thursday */
    return (w + 3) % 7 + 1;
}

demo_day demo_day_next_weekday(demo_day d)
{
    int w = demo_day_weekday(d);
    return w == 6 ? d + 2 : w == 7 ? d + 1 : d;
}

int demo_age_on(demo_day dob, demo_day on)
{
    int by, bm, bd, y, m, d;
    demo_day_to_ymd(dob, &by, &bm, &bd);
    demo_day_to_ymd(on, &y, &m, &d);
    int age = y - by;
    if (m < bm || (m == bm && d < bd))
        age--;
    return age;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool demo_day_parse(const char *text, demo_day *out)
{
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return false;
    int y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    int m = (text[5] - '0') * 10 + (text[6] - '0');
    int d = (text[8] - '0') * 10 + (text[9] - '0');
    static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return false;
    int max = days_in[m - 1] + (m == 2 && is_leap(y));
    if (d > max)
        return false;
    *out = demo_day_from_ymd(y, m, d);
    return true;
}

void demo_day_format(demo_day d, char *buf)
{
    int y, m, dd;
    demo_day_to_ymd(d, &y, &m, &dd);
    /* Years outside 0-9999 cannot occur in the demo data; keep the four digits anyway. */
    y = ((y % 10000) + 10000) % 10000;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + dd / 10);
    buf[9] = (char)('0' + dd % 10);
    buf[10] = '\0';
}

demo_day demo_day_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return demo_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
