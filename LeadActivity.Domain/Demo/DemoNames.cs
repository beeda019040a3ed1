namespace LeadActivity.Domain.Demo;

/// <summary>Word lists the demo data is drawn from: names from the countries the demo numbers belong to.</summary>
internal static class DemoNames
{
    public static readonly string[] Regions = ["US", "GB", "DE", "FR", "ES", "BR", "MX", "IT", "NL", "AU"];

    public static readonly Dictionary<string, (string[] First, string[] Last)> ByRegion = new()
    {
        ["US"] = (["James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "Ana", "Kevin"],
                  ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "O'Neil", "Nguyen"]),
        ["GB"] = (["Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Siobhán", "Freya", "Arthur", "Zoë"],
                  ["Taylor", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Edwards", "Green", "Hall"]),
        ["DE"] = (["Lukas", "Lea", "Jürgen", "Sophie", "Maximilian", "Anna", "Jörg", "Hannah", "Felix", "Mia"],
                  ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer", "Koch"]),
        ["FR"] = (["Gabriel", "Léa", "Raphaël", "Chloé", "Louis", "Inès", "Hélène", "François", "Jules", "Manon"],
                  ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Lefèvre", "Moreau"]),
        ["ES"] = (["José", "María", "Álvaro", "Lucía", "Javier", "Sofía", "Íñigo", "Carmen", "Pablo", "Elena"],
                  ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Núñez"]),
        ["BR"] = (["João", "Ana", "Pedro", "Beatriz", "Luís", "Júlia", "Thiago", "Camila", "Mateus", "Larissa"],
                  ["Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Conceição", "Araújo", "Gonçalves", "Ribeiro"]),
        ["MX"] = (["Santiago", "Valentina", "Mateo", "Ximena", "Diego", "Regina", "Emiliano", "Renata", "Andrés", "Fernanda"],
                  ["Hernández", "Ramírez", "Cruz", "Flores", "Morales", "Reyes", "Jiménez", "Torres", "Vázquez", "Mendoza"]),
        ["IT"] = (["Francesco", "Giulia", "Alessandro", "Chiara", "Lorenzo", "Martina", "Niccolò", "Sara", "Matteo", "Alice"],
                  ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco"]),
        ["NL"] = (["Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Bram", "Saar", "Finn", "Noor"],
                  ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer"]),
        ["AU"] = (["Jack", "Charlotte", "William", "Olivia", "Noah", "Matilda", "Thomas", "Ruby", "Henry", "Grace"],
                  ["Wilson", "Anderson", "Thompson", "White", "Harris", "Martin", "Kelly", "Ryan", "Mitchell", "Campbell"]),
    };

    public static readonly string[] CompanyNames =
        ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne",
         "Wonka", "Nordwind", "Bäckerei Brot", "Lumière", "Pollos Hermanos", "Oceanic", "Massive Dynamic", "Gringotts",
         "Blue Sun", "Aperture", "Black Mesa", "Monarch", "Dunder Mifflin", "Prestige", "Sirius", "Kraków Kable", "Zürich Re",
         "Müller & Söhne", "Sol Nascente", "Azul Marino", "Vértice", "Rivendell", "Brightwater", "Northwind", "Fabrikam",
         "Contoso", "Tailspin", "Litware", "Proseware"];

    public static readonly string[] CompanySuffixes =
        ["Ltd", "GmbH", "Inc", "SA", "BV", "Group", "Labs", "& Co", "Holdings", "Logistics", "Health", "Foods"];

    public static readonly string[] Cities =
        ["New York", "London", "Berlin", "Paris", "Madrid", "São Paulo", "Mexico City", "Milan", "Amsterdam", "Sydney", "Zürich", "Kraków"];

    public static readonly string[] Industries = ["retail", "healthcare", "logistics", "finance", "hospitality", "software"];

    public static readonly string[] Plans = ["starter", "growth", "enterprise"];
}
