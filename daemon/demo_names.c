/* Name lists for the demo data: common first names by origin and invented surnames. */
#include "demo_names.h"

#include <stdio.h>
#include <string.h>

/* No real person is represented: see demo_names.h. */

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* English first names: those popular for children born since about 2005, and those of their
 * parents' and grandparents' generations. */
static const char *const english_m[] = {
    "Oliver", "George",  "Harry",  "Jack",      "Jacob",  "Noah",   "Charlie", "Thomas",
    "Oscar",  "William", "James",  "Leo",       "Alfie",  "Henry",  "Joshua",  "Freddie",
    "Archie", "Ethan",   "Isaac",  "Alexander", "Joseph", "Edward", "Samuel",  "Max",
    "Logan",  "Lucas",   "Daniel", "Theo",      "Dylan",  "Riley",  "Mason",   "Harrison",
    "Tyler",  "Lewis",   "Kai",    "Reuben"};
static const char *const english_m_older[] = {
    "Liam",    "Callum", "Kyle",  "Connor",  "Jamie", "Ryan",  "Ben",    "Luke",
    "Adam",    "Mark",   "Paul",  "Craig",   "Lee",   "Wayne", "Darren", "Gary",
    "Stephen", "Andrew", "David", "Michael", "Peter", "John",  "Robert", "Keith",
    "Brian",   "Colin",  "Dean",  "Shaun",   "Carl",  "Martin"};
static const char *const english_f[] = {
    "Olivia",    "Amelia",   "Isla",  "Ava",      "Emily",  "Sophia", "Grace", "Mia",    "Poppy",
    "Ella",      "Lily",     "Evie",  "Isabella", "Sophie", "Ivy",    "Freya", "Harper", "Willow",
    "Charlotte", "Jessica",  "Ruby",  "Daisy",    "Chloe",  "Megan",  "Holly", "Lucy",   "Phoebe",
    "Millie",    "Scarlett", "Layla", "Summer",   "Lacey",  "Maisie", "Esme"};
static const char *const english_f_older[] = {
    "Courtney", "Jade",   "Kayleigh", "Gemma",   "Kelly", "Stacey", "Danielle", "Leanne",
    "Hayley",   "Emma",   "Sarah",    "Rebecca", "Laura", "Claire", "Nicola",   "Michelle",
    "Julie",    "Karen",  "Tracey",   "Susan",   "Linda", "Janet",  "Margaret", "Pauline",
    "Carol",    "Sandra", "Dawn",     "Joanne",  "Lisa",  "Natalie"};
static const char *const south_asian_m[] = {
    "Muhammad", "Ibrahim", "Yusuf", "Zain",     "Ayaan",  "Hamza",  "Adam",     "Ali",
    "Bilal",    "Imran",   "Asif",  "Tariq",    "Arjun",  "Rohan",  "Vikram",   "Sanjay",
    "Amir",     "Faisal",  "Omar",  "Zakariya", "Rayyan", "Harjit", "Gurpreet", "Sohail"};
static const char *const south_asian_f[] = {
    "Aisha",   "Maryam", "Fatima", "Zara",    "Hafsa",   "Amira",  "Inaya",   "Noor",
    "Sana",    "Ayesha", "Nadia",  "Shabana", "Rubina",  "Priya",  "Anjali",  "Simran",
    "Nasreen", "Yasmin", "Samina", "Hira",    "Khadija", "Zainab", "Parveen", "Mehreen"};
static const char *const african_m[] = {
    "Daniel", "David",  "Emmanuel", "Samuel",  "Joshua", "Kwame",  "Kofi",  "Tunde",   "Chidi",
    "Obinna", "Tendai", "Abdi",     "Mohamed", "Yonas",  "Elijah", "Isaac", "Michael", "Blessing"};
static const char *const african_f[] = {
    "Grace", "Precious", "Esther", "Abena", "Ama",    "Chiamaka", "Ngozi",    "Folake", "Adaeze",
    "Ruth",  "Faith",    "Amina",  "Hodan", "Fartun", "Miriam",   "Blessing", "Tendai", "Nia"};
static const char *const caribbean_m[] = {
    "Marcus", "Jermaine", "Dwayne", "Tyrone",  "Andre",  "Malik",    "Jaden",  "Kai",
    "Curtis", "Leon",     "Devon",  "Winston", "Delroy", "Courtney", "Jordan", "Reuben"};
static const char *const caribbean_f[] = {
    "Shanice", "Tanisha", "Keisha", "Jada", "Aaliyah",   "Simone", "Marcia", "Beverley",
    "Sharon",  "Jasmine", "Kiara",  "Nia",  "Chantelle", "Latoya", "Imani",  "Maya"};
static const char *const east_european_m[] = {"Jakub",  "Kacper", "Filip", "Szymon", "Mateusz",
                                              "Tomasz", "Andrei", "Mihai", "Darius", "Lukas",
                                              "Matej",  "Marek",  "Piotr", "Pavel"};
static const char *const east_european_f[] = {"Zuzanna",   "Julia", "Maja",  "Lena",    "Natalia",
                                              "Oliwia",    "Ioana", "Elena", "Andreea", "Agnieszka",
                                              "Katarzyna", "Jana",  "Petra", "Monika"};
static const char *const chinese_m[] = {"Wei", "Jun", "Hao", "Chen", "Ming", "Jian", "Kai", "Yu"};
static const char *const chinese_f[] = {"Mei", "Li", "Xin", "Yan", "Hui", "Jing", "Lin", "Ying"};

struct name_list {
    const char *const *names;
    int count;
};

static const struct name_list first_names[DEMO_ORIGIN_COUNT][2] = {
    [DEMO_ORIGIN_ENGLISH] = {{english_m, COUNT(english_m)}, {english_f, COUNT(english_f)}},
    [DEMO_ORIGIN_SOUTH_ASIAN] = {{south_asian_m, COUNT(south_asian_m)},
                                 {south_asian_f, COUNT(south_asian_f)}},
    [DEMO_ORIGIN_AFRICAN] = {{african_m, COUNT(african_m)}, {african_f, COUNT(african_f)}},
    [DEMO_ORIGIN_CARIBBEAN] = {{caribbean_m, COUNT(caribbean_m)},
                               {caribbean_f, COUNT(caribbean_f)}},
    [DEMO_ORIGIN_EAST_EUROPEAN] = {{east_european_m, COUNT(east_european_m)},
                                   {east_european_f, COUNT(east_european_f)}},
    [DEMO_ORIGIN_CHINESE] = {{chinese_m, COUNT(chinese_m)}, {chinese_f, COUNT(chinese_f)}},
};

/* Prefixes that say "made up"; endings from English place names. */
static const char *const surname_prefixes[] = {
    "Test",   "Sample", "Example", "Fictor",  "Demo",  "Synth",  "Pseudo", "Dummy",
    "Mockup", "Madeup", "Notreal", "Placebo", "Proto", "Unreal", "Faux",   "Imagin"};
static const char *const surname_endings[] = {"wood",   "by",    "ton",  "ley",   "field", "shaw",
                                              "worth",  "croft", "ham",  "well",  "stone", "bridge",
                                              "thorpe", "dale",  "gate", "hurst", "more",  "combe"};

enum demo_name_origin demo_origin_for_ethnicity(const char *code)
{
    if (!code)
        return DEMO_ORIGIN_ENGLISH;
    if (strcmp(code, "AIND") == 0 || strcmp(code, "APKN") == 0 || strcmp(code, "ABAN") == 0 ||
        strcmp(code, "AOTH") == 0 || strcmp(code, "MWAS") == 0)
        return DEMO_ORIGIN_SOUTH_ASIAN;
    if (strcmp(code, "BAFR") == 0 || strcmp(code, "MWBA") == 0 || strcmp(code, "REFU") == 0)
        return DEMO_ORIGIN_AFRICAN;
    if (strcmp(code, "BCRB") == 0 || strcmp(code, "BOTH") == 0 || strcmp(code, "MWBC") == 0)
        return DEMO_ORIGIN_CARIBBEAN;
    if (strcmp(code, "WOTH") == 0 || strcmp(code, "WROM") == 0)
        return DEMO_ORIGIN_EAST_EUROPEAN;
    if (strcmp(code, "CHNE") == 0)
        return DEMO_ORIGIN_CHINESE;
    return DEMO_ORIGIN_ENGLISH;
}

const char *demo_first_name(struct demo_rng *rng, enum demo_name_origin origin, int sex, bool adult)
{
    if ((int)origin < 0 || origin >= DEMO_ORIGIN_COUNT)
        origin = DEMO_ORIGIN_ENGLISH;
    const struct name_list *list = &first_names[origin][sex == 2 ? 1 : 0];
    if (adult && origin == DEMO_ORIGIN_ENGLISH) {
        /* Adults: their own generation's names, or now and then a name that is popular again. */
        const struct name_list older =
            sex == 2 ? (struct name_list){english_f_older, COUNT(english_f_older)}
                     : (struct name_list){english_m_older, COUNT(english_m_older)};
        if (demo_rng_chance(rng, 750))
            return older.names[demo_rng_range(rng, 0, older.count - 1)];
    }
    return list->names[demo_rng_range(rng, 0, list->count - 1)];
}

void demo_surname(struct demo_rng *rng, char *buf, size_t size)
{
    const char *prefix = surname_prefixes[demo_rng_range(rng, 0, COUNT(surname_prefixes) - 1)];
    const char *ending = surname_endings[demo_rng_range(rng, 0, COUNT(surname_endings) - 1)];
    snprintf(buf, size, "%s%s", prefix, ending);
}

int demo_surname_count(void)
{
    return COUNT(surname_prefixes) * COUNT(surname_endings);
}

int demo_is_demo_surname(const char *surname)
{
    for (int i = 0; i < COUNT(surname_prefixes); i++) {
        size_t n = strlen(surname_prefixes[i]);
        if (strncmp(surname, surname_prefixes[i], n) != 0)
            continue;
        for (int j = 0; j < COUNT(surname_endings); j++)
            if (strcmp(surname + n, surname_endings[j]) == 0)
                return 1;
    }
    return 0;
}
