import type { SeedUser } from "./seed-users";

// A second, small customer: proves one customer's admin never sees another's directory.
export const FJORDLINE_USERS: SeedUser[] = [
  { displayName: "Ingrid Haugen", firstName: "Ingrid", lastName: "Haugen", title: "Daglig leder", department: "Ledelse", location: "Bergen", numbers: ["+47 412 34 567"], tags: ["Norsk", "Engelsk"] },
  { displayName: "Ola Nordmann", firstName: "Ola", lastName: "Nordmann", title: "Skipper", department: "Drift", location: "Bergen", numbers: ["913 45 678"], tags: ["Norsk"] },
  { displayName: "Kari Solberg", firstName: "Kari", lastName: "Solberg", title: "Kundeservice", department: "Salg", location: "Ålesund", numbers: ["0047 922 11 334", "55 12 34 56"], tags: ["Booking", "Tysk"] },
  { displayName: "Lars Berg", firstName: "Lars", lastName: "Berg", title: "Maskinist", department: "Drift", location: "Ålesund", numbers: ["+4798765432"], tags: [] },
  { displayName: "Sigrid Dahl", firstName: "Sigrid", lastName: "Dahl", title: "Økonomi", department: "Administrasjon", location: "Bergen", numbers: ["47 61 23 45"], tags: ["Faktura"] },
];
