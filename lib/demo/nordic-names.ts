export const GIVEN_NAMES = [
  "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sofia", "Mikael", "Elin", "Oskar", "Ingrid", "Henrik",
  "Emma", "Fredrik", "Linnea", "Gustav", "Viktor", "Sara", "Per", "Malin", "Ida", "Nils", "Hanna", "Jonas",
  "Amanda", "Daniel", "Johanna", "Mattias", "Emelie", "Eva", "Björn", "Tobias", "Alexander", "Julia", "Sebastian",
  "Wilma", "Felix", "Ebba", "Filip", "Klara", "Lukas", "Maja", "Elias", "Alva", "Hugo", "Astrid", "Freja", "Arvid",
  "Ronja", "Kristian", "Silje", "Ola", "Kari", "Ingvild", "Sindre", "Mette", "Søren", "Rasmus", "Line", "Mads",
  "Aino", "Mikko", "Emilia", "Ville", "Juha", "Sanna", "Kalle", "Agnes", "Elsa", "Saga", "Vera", "Axel", "Leo",
  "Noah", "Liam", "Selma", "Ines", "Tuva", "Svea", "Stina", "Åsa", "Örjan", "Gunilla", "Bengt", "Ulla", "Torbjørn",
] as const;

export const SURNAMES = [
  "Lindqvist", "Johansson", "Karlsson", "Nilsson", "Andersson", "Persson", "Svensson", "Gustafsson", "Pettersson",
  "Jonsson", "Eriksson", "Larsson", "Olsson", "Berg", "Axelsson", "Lindberg", "Holm", "Jakobsson", "Magnusson",
  "Hedlund", "Lundgren", "Sandberg", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Lund",
  "Holmberg", "Strand", "Nyström", "Hansson", "Bergström", "Lindholm", "Åberg", "Norberg", "Söderberg", "Hellström",
  "Östlund", "Lindström", "Nordin", "Blom", "Sundberg", "Mattsson", "Björk", "Åström", "Lindgren", "Engberg",
  "Eliasson", "Haugen", "Bakke", "Dahl", "Halvorsen", "Solberg", "Rasmussen", "Christensen", "Jensen", "Nielsen",
  "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Heikkinen", "Koskinen", "Laine", "Fagerström", "Wikström",
] as const;

export const DEPARTMENTS = ["Ekonomi", "Försäljning", "Kundtjänst", "IT", "HR", "Logistik", "Marknad", "Support <tier 2>", "Administration", "Inköp"] as const;

export const JOB_TITLES = [
  "Säljare", "Kundtjänstmedarbetare", "Ekonomiassistent", "Controller", "Utvecklare", "Projektledare", "Lagerarbetare",
  "Transportplanerare", "HR-specialist", "Receptionist", "Inköpare", "Supporttekniker <jour>", "Teamledare", "Chaufför",
] as const;

export const OFFICES = ["Stockholm HQ", "Göteborg", "Malmö", "Uppsala", "Linköping", "Örebro", "Umeå"] as const;

export const SKILLS = ["Invoicing", "Sales", "Swedish", "English", "Norwegian", "Danish", "Finnish", "German", "Payroll", "Network"] as const;
