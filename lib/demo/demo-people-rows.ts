/**
 * The demo tenant's people as compact rows; `demo-directory.ts` turns them into Entra users and
 * switchboard users. The mess is deliberate — every oddity is something the sync has to survive.
 */
export type OfficeKey = "sthlm" | "gbg" | "malmo" | "oslo" | "cph" | "hki";

export interface SwitchboardRow {
  numbers: string[];
  /** Values that differ from Entra (stale): a first sync visibly updates them. */
  stale?: Partial<{ title: string | null; department: string | null; lastName: string; email: string; location: string }>;
}

export interface PersonRow {
  key: string;
  given: string;
  surname: string;
  title: string | null;
  dept: string | null;
  office: OfficeKey;
  mobile?: string;
  business?: string;
  disabled?: true;
  /** onPremisesExtensionAttributes.extensionAttribute1, `;`-separated. */
  skills?: string;
  /** onPremisesExtensionAttributes.extensionAttribute2. */
  site?: string;
  /** The person's switchboard entry; absent = Entra only (a candidate limited user). */
  sb?: SwitchboardRow;
  note?: string;
}

export const PERSON_ROWS: PersonRow[] = [
  { key: "anna.lindqvist", given: "Anna", surname: "Lindqvist", title: "VD", dept: "Ledning", office: "sthlm", mobile: "+46 70 123 45 67", business: "08-123 456 78", skills: "Swedish;English;Leadership", site: "Stockholm HQ, plan 6", sb: { numbers: ["070-123 45 67", "08-123 456 78"] }, note: "Two numbers in Entra (one in national format) and both on her switchboard entry" },
  { key: "erik.johansson", given: "Erik", surname: "Johansson", title: "Ekonomichef", dept: "Ekonomi", office: "sthlm", mobile: "+46701112233", skills: "Invoicing;Swedish;English", site: "Stockholm HQ, plan 4", sb: { numbers: ["070-111 22 33"], stale: { title: "Controller" } } },
  { key: "maria.karlsson", given: "Maria", surname: "Karlsson", title: "Redovisningsekonom", dept: "Ekonomi", office: "sthlm", mobile: "070-234 56 78", skills: "Invoicing;Swedish;English", site: "Stockholm HQ, plan 4", sb: { numbers: ["+46 70 234 56 78"] }, note: "National format in Entra, international on the switchboard" },
  { key: "lars.nilsson", given: "Lars", surname: "Nilsson", title: "Säljchef", dept: "Försäljning", office: "gbg", mobile: "+46 73 345 67 89", skills: "Sales;Swedish;English;German", sb: { numbers: ["0046 73 345 67 89"] } },
  { key: "karin.andersson", given: "Karin", surname: "Andersson", title: "Kundtjänstmedarbetare", dept: "Support <tier 2>", office: "malmo", mobile: "+46 76 456 78 90", skills: "Swedish;English;Arabic", site: "Malmö kontor", sb: { numbers: ["076-456 78 90"], stale: { department: "Kundtjänst" } } },
  { key: "johan.persson", given: "Johan", surname: "Persson", title: "Supporttekniker <jour>", dept: "Support <tier 2>", office: "malmo", mobile: "+46 72 567 89 01", skills: "Network;Swedish", sb: { numbers: ["072-567 89 01"] } },
  { key: "sofia.svensson", given: "Sofia", surname: "Svensson", title: "HR-chef", dept: "HR", office: "sthlm", business: "+46 8 555 123 40", skills: "Swedish;English;Labour law", sb: { numbers: ["08-555 123 40"] }, note: "Business phone only" },
  { key: "mikael.gustafsson", given: "Mikael", surname: "Gustafsson", title: "IT-chef", dept: "IT", office: "sthlm", mobile: "+46 70 678 90 12", business: "+46 8 555 123 41", sb: { numbers: ["070-678 90 12", "08-555 123 41"] }, note: "One Entra user, two switchboard numbers" },
  { key: "elin.pettersson", given: "Elin", surname: "Pettersson", title: "Marknadskoordinator", dept: "Marknad", office: "sthlm", mobile: "+46 73 789 01 23", sb: { numbers: ["073-789 01 23"], stale: { title: "Marknadsassistent" } } },
  { key: "oskar.jonsson", given: "Oskar", surname: "Jonsson", title: "Lagerchef", dept: "Logistik", office: "gbg", mobile: "+46 70 890 12 34", business: "+46 31 701 23 45", site: "Göteborg lager", sb: { numbers: ["031-701 23 45"] }, note: "Matched through the business phone" },
  { key: "ingrid.eriksson", given: "Ingrid", surname: "Eriksson", title: "Ekonomiassistent", dept: "Ekonomi", office: "malmo", mobile: "+46 70 901 23 45", disabled: true, sb: { numbers: ["070-901 23 45"] }, note: "Disabled in Entra, still on the switchboard" },
  { key: "henrik.larsson", given: "Henrik", surname: "Larsson", title: "Key Account Manager", dept: "Försäljning", office: "sthlm", mobile: "+46 70 012 34 56", skills: "Sales;Swedish;English;German", sb: { numbers: ["+46 70 012 34 56"] } },
  { key: "emma.olsson", given: "Emma", surname: "Olsson", title: "Kundtjänstmedarbetare", dept: "Kundtjänst", office: "gbg", mobile: "+46 72 111 22 33", skills: "Swedish;English", sb: { numbers: ["072-111 22 33"], stale: { lastName: "Berg", email: "emma.berg@nordicdemo.se" } }, note: "Changed surname; the switchboard still has the old one" },
  { key: "fredrik.berg", given: "Fredrik", surname: "Berg", title: null, dept: "IT", office: "sthlm", mobile: "+46 73 222 33 44", sb: { numbers: ["073-222 33 44"], stale: { title: "Utvecklare" } }, note: "Empty jobTitle in Entra clears the switchboard title" },
  { key: "linnea.axelsson", given: "Linnea", surname: "Axelsson", title: "Controller", dept: "Ekonomi", office: "sthlm", mobile: "+46 76 333 44 55", skills: "Invoicing;Reporting;Swedish", sb: { numbers: ["076-333 44 55"] } },
  { key: "gustav.lindberg", given: "Gustav", surname: "Lindberg", title: "Transportplanerare", dept: "Logistik", office: "gbg", mobile: "+46 70 444 55 66", business: "+46 31 701 00 99", sb: { numbers: ["031-701 00 99"] }, note: "Logistics on-call line, shared with Viktor Holm in Entra" },
  { key: "viktor.holm", given: "Viktor", surname: "Holm", title: "Transportplanerare", dept: "Logistik", office: "gbg", mobile: "+46 70 555 66 77", business: "+46 31 701 00 99", sb: { numbers: ["070-555 66 77"] } },
  { key: "sara.jakobsson", given: "Sara", surname: "Jakobsson", title: "Supportledare", dept: "Support <tier 2>", office: "malmo", mobile: "+46 73 666 77 88", skills: "Swedish;English;Danish", sb: { numbers: ["073-666 77 88"] } },
  { key: "per.magnusson", given: "Per", surname: "Magnusson", title: "Säljare", dept: "Försäljning", office: "malmo", mobile: "+46 70 777 88 99", business: "+46 40 612 34 56", sb: { numbers: ["070-777 88 99"] }, note: "His business phone is the Malmö reception's switchboard number" },
  { key: "malin.hedlund", given: "Malin", surname: "Hedlund", title: "Receptionist", dept: "Administration", office: "sthlm", business: "+46 8 555 100 00", sb: { numbers: ["08-555 100 00"] }, note: "Reception line, shared with Ida Lundgren in Entra" },
  { key: "ida.lundgren", given: "Ida", surname: "Lundgren", title: "Receptionist", dept: "Administration", office: "sthlm", mobile: "+46 72 888 99 00", business: "+46 8 555 100 00", sb: { numbers: ["072-888 99 00"] } },
  { key: "nils.sandberg", given: "Nils", surname: "Sandberg", title: "Inköpare", dept: "Logistik", office: "sthlm", mobile: "0701234560", sb: { numbers: ["+46 70 123 45 60"] } },
  { key: "hanna.forsberg", given: "Hanna", surname: "Forsberg", title: "Löneadministratör", dept: "HR", office: "sthlm", mobile: "+46 70-987 65 43", skills: "Payroll;Swedish", sb: { numbers: ["070-987 65 43"] } },
  { key: "jonas.sjoberg", given: "Jonas", surname: "Sjöberg", title: "Systemadministratör", dept: "IT", office: "sthlm", mobile: "0046 70 876 54 32", skills: "Windows;Network;Swedish;English", sb: { numbers: ["+46 70 876 54 32"] }, note: "0046 prefix in Entra, international format on the switchboard" },
  { key: "amanda.wallin", given: "Amanda", surname: "Wallin", title: "Säljare", dept: "Försäljning", office: "sthlm", mobile: "+46 73 765 43 21", sb: { numbers: ["073-765 43 21"], stale: { title: "Säljare <junior>" } } },
  { key: "daniel.engstrom", given: "Daniel", surname: "Engström", title: "Driftansvarig", dept: "IT", office: "gbg", mobile: "+46 70 654 32 10", disabled: true, note: "Disabled, Entra only" },
  { key: "johanna.eklund", given: "Johanna", surname: "Eklund", title: "Kundansvarig", dept: "Försäljning", office: "gbg", mobile: "+46 72 543 21 09", sb: { numbers: ["072-543 21 09"] } },
  { key: "mattias.danielsson", given: "Mattias", surname: "Danielsson", title: "Logistiker", dept: "Logistik", office: "gbg", mobile: "070-12", business: "+46 31 702 34 56", sb: { numbers: ["031-702 34 56"] }, note: "Malformed mobile in Entra; matched through the business phone" },
  { key: "emelie.lund", given: "Emelie", surname: "Lund", title: "Ekonomiassistent", dept: "Ekonomi", office: "malmo", mobile: "+46 76 432 10 98", skills: "Invoicing;Swedish", sb: { numbers: ["076-432 10 98"] } },
  { key: "eva.holmberg", given: "Eva", surname: "Holmberg", title: "Projektledare", dept: "IT", office: "sthlm", mobile: "+46 70 321 09 87", sb: { numbers: ["070-321 09 87"], stale: { department: "Projekt", location: "Stockholm HQ, plan 2" } } },
  { key: "bjorn.strand", given: "Björn", surname: "Strand", title: "Säljare", dept: "Försäljning", office: "gbg", mobile: "+46 73 210 98 76", sb: { numbers: ["073-210 98 76"] }, note: "Sales on-call mobile, shared with Tobias Nyström in Entra" },
  { key: "kristian.haugen", given: "Kristian", surname: "Haugen", title: "Salgssjef Norge", dept: "Salg", office: "oslo", mobile: "+47 912 34 567", skills: "Sales;Norwegian;Swedish;English", sb: { numbers: ["+47 912 34 567"] } },
  { key: "ingrid.bakke", given: "Ingrid", surname: "Bakke", title: "Kundeservicemedarbeider", dept: "Kundeservice", office: "oslo", mobile: "+47 481 23 456", skills: "Norwegian;English", sb: { numbers: ["0047 481 23 456"] } },
  { key: "silje.dahl", given: "Silje", surname: "Dahl", title: "Regnskapsfører", dept: "Økonomi", office: "oslo", mobile: "+4792345678", skills: "Invoicing;Norwegian", sb: { numbers: ["+47 923 45 678"] } },
  { key: "mette.rasmussen", given: "Mette", surname: "Rasmussen", title: "Salgskonsulent", dept: "Salg", office: "cph", mobile: "+45 20 12 34 56", skills: "Sales;Danish;English", sb: { numbers: ["+45 20 12 34 56"] } },
  { key: "soren.christensen", given: "Søren", surname: "Christensen", title: "Lagerchef", dept: "Logistik", office: "cph", mobile: "+45 31 23 45 67", sb: { numbers: ["0045 31 23 45 67"], stale: { title: "Lagerarbejder" } } },
  { key: "aino.virtanen", given: "Aino", surname: "Virtanen", title: "Myyntipäällikkö", dept: "Myynti", office: "hki", mobile: "+358 40 123 4567", skills: "Sales;Finnish;Swedish;English", sb: { numbers: ["+358 40 123 4567"] } },
  { key: "mikko.korhonen", given: "Mikko", surname: "Korhonen", title: "Asiakaspalvelija", dept: "Support <tier 1>", office: "hki", mobile: "+358 50 234 5678", skills: "Finnish;English", sb: { numbers: ["+358502345678"] } },
  // Entra only: candidates for "limited users".
  { key: "tobias.nystrom", given: "Tobias", surname: "Nyström", title: "Säljare", dept: "Försäljning", office: "gbg", mobile: "+46 73 210 98 76", note: "Shares Björn Strand's mobile" },
  { key: "alexander.hansson", given: "Alexander", surname: "Hansson", title: "Trainee", dept: "Försäljning", office: "sthlm", mobile: "+46 70 246 80 24" },
  { key: "julia.bergstrom", given: "Julia", surname: "Bergström", title: "Ekonom", dept: "Ekonomi", office: "sthlm", mobile: "+46 73 135 79 13", skills: "Invoicing;Swedish;English" },
  { key: "sebastian.lindholm", given: "Sebastian", surname: "Lindholm", title: "Utvecklare", dept: "IT", office: "sthlm", note: "No phone at all" },
  { key: "wilma.aberg", given: "Wilma", surname: "Åberg", title: "Kundtjänstmedarbetare", dept: "Support <tier 1>", office: "malmo", mobile: "+46 76 864 20 86", skills: "Swedish;English;Finnish" },
  { key: "felix.norberg", given: "Felix", surname: "Norberg", title: "Lagerarbetare", dept: "Logistik", office: "gbg", mobile: "+46 70 975 31 97" },
  { key: "ebba.soderberg", given: "Ebba", surname: "Söderberg", title: "HR-specialist", dept: "HR", office: "sthlm", business: "+46 8 555 123 42" },
  { key: "filip.hellstrom", given: "Filip", surname: "Hellström", title: "Säljare <vikarie>", dept: "Försäljning", office: "malmo", mobile: "+46 72 147 25 83" },
  { key: "klara.ostlund", given: "Klara", surname: "Östlund", title: "Marknadsförare", dept: "Marknad", office: "sthlm", mobile: "+46 73 369 25 81" },
  { key: "lukas.lindstrom", given: "Lukas", surname: "Lindström", title: "IT-support", dept: "IT", office: "gbg", mobile: "+46 70 258 36 91" },
  { key: "maja.nordin", given: "Maja", surname: "Nordin", title: "Redovisningsekonom", dept: "Ekonomi", office: "malmo", mobile: "+46 76 159 35 74", skills: "Invoicing;Swedish" },
  { key: "elias.blom", given: "Elias", surname: "Blom", title: "Chaufför", dept: "Logistik", office: "gbg", mobile: "+46 70 753 95 15" },
  { key: "alva.sundberg", given: "Alva", surname: "Sundberg", title: "Receptionist", dept: "Administration", office: "gbg", business: "+46 31 700 00 00" },
  { key: "hugo.mattsson", given: "Hugo", surname: "Mattsson", title: "Inköpare", dept: "Logistik", office: "sthlm", mobile: "+46 73 951 75 35" },
  { key: "astrid.bjork", given: "Astrid", surname: "Björk", title: "Bolagsjurist", dept: "Ledning", office: "sthlm", mobile: "+46 70 357 15 93", skills: "Contracts;Swedish;English" },
  { key: "lars-erik.astrom", given: "Lars-Erik", surname: "Åström", title: "Styrelseordförande", dept: null, office: "sthlm", note: "No department, no phone" },
  { key: "siri.halvorsen", given: "Siri", surname: "Halvorsen", title: "Kundeservicemedarbeider", dept: "Kundeservice", office: "oslo", mobile: "+47 934 56 789", skills: "Norwegian;Swedish" },
  { key: "rasmus.jensen", given: "Rasmus", surname: "Jensen", title: "Chauffør", dept: "Logistik", office: "cph", mobile: "+45 40 98 76 54" },
  { key: "emilia.makinen", given: "Emilia", surname: "Mäkinen", title: "Kirjanpitäjä", dept: "Talous", office: "hki", mobile: "+358 44 765 4321", skills: "Invoicing;Finnish;Swedish" },
  { key: "ville.nieminen", given: "Ville", surname: "Nieminen", title: "IT-tuki", dept: "IT", office: "hki", mobile: "+358 45 678 9012" },
  { key: "freja.lindgren", given: "Freja", surname: "Lindgren", title: "Projektkoordinator", dept: "Marknad", office: "sthlm", mobile: "+46 72 864 19 75" },
  { key: "arvid.engberg", given: "Arvid", surname: "Engberg", title: "Säljare", dept: "Försäljning", office: "sthlm", mobile: "+46 73 519 73 82", skills: "Sales;Swedish" },
  { key: "ronja.eliasson", given: "Ronja", surname: "Eliasson", title: null, dept: null, office: "malmo", mobile: "+46 76 246 13 57", note: "New hire: no title or department yet" },
];

/** Switchboard entries with no Entra account of their own. */
export interface SwitchboardOnlyRow {
  key: string;
  displayName: string;
  firstName: string;
  lastName: string;
  title: string | null;
  department: string | null;
  office: OfficeKey;
  numbers: string[];
  note: string;
}

export const SWITCHBOARD_ONLY_ROWS: SwitchboardOnlyRow[] = [
  { key: "reception.malmo", displayName: "Reception Malmö", firstName: "Reception", lastName: "Malmö", title: null, department: "Administration", office: "malmo", numbers: ["040-612 34 56"], note: "Same number as Per Magnusson's Entra business phone: his two Entra numbers belong to two switchboard users" },
  { key: "gunnar.ek", displayName: "Gunnar Ek", firstName: "Gunnar", lastName: "Ek", title: "Konsult", department: "IT", office: "sthlm", numbers: ["08-555 123 99"], note: "External consultant, no Entra account and no match" },
  { key: "birgitta.falk", displayName: "Birgitta Falk", firstName: "Birgitta", lastName: "Falk", title: "Pensionär, timanställd", department: "Ekonomi", office: "sthlm", numbers: ["+46 70 999 88 77"], note: "No Entra account and no match" },
];
