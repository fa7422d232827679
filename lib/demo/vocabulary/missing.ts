/**
 * Labels the taxonomy does NOT have (neither the IAB file nor the extension): the creatives that need
 * a new label. Some are a missing brand under a branch that already has brand siblings (so their
 * texts read like the siblings' and a classifier picks a sibling), some are a missing category
 * (so the classifier falls back to a related category or the parent branch). Each gets a group of
 * creatives, so a new-label detector sees clusters rather than single outliers.
 */
import { brandLabels, type MissingLabelVocabulary } from "./types";
import { vehicleBrandLabels } from "./vehicles";
import { retailBrandLabels } from "./retail";

function familyOf(parent: string) {
  const sibling = [...vehicleBrandLabels, ...retailBrandLabels].find((label) =>
    label.path.startsWith(`${parent} > `),
  );
  if (!sibling) throw new Error(`no brand family under ${parent}`);
  // The sibling's names include its own brand-specific extras; a missing brand only shares the
  // family's placeholders, so keep the names that mention {brand}.
  return { ...sibling, names: sibling.names.filter((name) => name.includes("{brand}")) };
}

function missingBrand(
  parent: string,
  brand: string,
  models: readonly string[],
  nearest: readonly string[],
): MissingLabelVocabulary {
  const [label] = brandLabels(parent, familyOf(parent), [{ name: brand, models }]);
  if (!label) throw new Error("brandLabels returned nothing");
  return { ...label, nearest };
}

/** The missing labels, each with the existing labels a classifier would predict instead. */
export const missingLabels: MissingLabelVocabulary[] = [
  missingBrand(
    "Vehicles > Automotive Services > Auto Repair",
    "Rivian",
    ["R1T", "R1S", "R2"],
    [
      "Vehicles > Automotive Services > Auto Repair > Ford",
      "Vehicles > Automotive Services > Auto Repair > Mercedes",
      "Vehicles > Automotive Services > Auto Repair",
      "Vehicles > Vehicle Type > Electric Vehicles",
    ],
  ),
  missingBrand(
    "Vehicles > Automotive Ownership > New Vehicle Ownership",
    "Kia",
    ["Telluride", "Sportage", "Sorento", "EV9", "Forte"],
    [
      "Vehicles > Automotive Ownership > New Vehicle Ownership > Hyundai",
      "Vehicles > Automotive Ownership > New Vehicle Ownership > Toyota",
      "Vehicles > Automotive Ownership > New Vehicle Ownership",
    ],
  ),
  missingBrand(
    "Consumer Electronics > Televisions",
    "Quantara",
    ["Q8 Neo", "Infinity"],
    [
      "Consumer Electronics > Televisions > Lumora",
      "Consumer Electronics > Televisions > Vextra",
      "Consumer Electronics > Televisions",
    ],
  ),
  missingBrand(
    "Clothing and Accessories > Footwear",
    "Pacebound",
    ["Velo 2", "Fastline"],
    [
      "Clothing and Accessories > Footwear > Stridewell",
      "Clothing and Accessories > Footwear > Trailpeak",
      "Clothing and Accessories > Footwear",
    ],
  ),
  {
    path: "Vehicles > Automotive Services > EV Charging Stations",
    kind: "service",
    names: [
      "EV Charging",
      "Automotive/Electric Vehicle Charging",
      "Service/Vehicles/EV Chargers",
      "Charging Network",
    ],
    advertisers: ["ChargeRoute", "VoltStop Charging", "AmpUp Network", "{city} EV Charge"],
    items: [
      "DC fast charging",
      "charging membership",
      "Level 2 chargers",
      "home charger installation",
      "charging app",
    ],
    lines: [
      "Add 200 miles in 15 minutes",
      "Over {n},000 fast chargers nationwide",
      "Find an open charger in the app",
      "Plug in, tap, go",
      "Charge while you shop",
    ],
    offers: [
      "Members charge from $0.{n}9/kWh",
      "First 100 kWh free",
      "{pct}% off home charger install",
    ],
    priceRange: [0, 1],
    nearest: [
      "Vehicles > Vehicle Type > Electric Vehicles",
      "Vehicles > Automotive Services",
      "Vehicles > Automotive Services > Car Wash",
    ],
  },
  {
    path: "Consumer Electronics > Smart Home Devices",
    kind: "product",
    names: [
      "Smart Home",
      "Electronics/Smart Home Devices",
      "Product/Home Automation/Smart Speakers",
      "IoT > Smart Thermostats",
    ],
    advertisers: ["Nestwise", "HomeSense", "Brightnode Smart Home", "Lumen Hub"],
    items: [
      "smart thermostat",
      "video doorbell",
      "smart plugs",
      "smart speaker",
      "smart light bulbs",
      "robot vacuum",
    ],
    lines: [
      "Control your whole home from your phone",
      "Works with every major voice assistant",
      "Save up to 10% on heating and cooling",
      "Set up in minutes, no hub required",
    ],
    offers: ["Starter kit ${price}", "{pct}% off smart bundles", "Free doorbell with thermostat"],
    priceRange: [29, 199],
    nearest: [
      "Consumer Electronics > Security Devices",
      "Consumer Electronics > Networking",
      "Consumer Electronics",
      "Home and Garden Services > Home Security and Monitoring Applications",
    ],
  },
  {
    path: "Food and Beverage Services > Coffee Shops",
    kind: "service",
    names: [
      "Coffee Shop",
      "Food & Beverage/Cafe",
      "Cafes & Coffeehouses",
      "Restaurants/Coffee Shop",
    ],
    advertisers: [
      "The Daily Grind",
      "Brew Haven Cafe",
      "Common Ground Coffee",
      "{city} Espresso Bar",
    ],
    items: [
      "oat milk latte",
      "cold brew",
      "pumpkin spice latte",
      "pour-over",
      "breakfast sandwich",
      "espresso flight",
    ],
    lines: [
      "Your neighborhood cafe, open 6am",
      "Order ahead, skip the line",
      "Free Wi-Fi and plenty of outlets",
      "Roasted in-house every morning",
    ],
    offers: [
      "Any latte ${price}",
      "Buy 9 get the 10th free",
      "Happy hour: {pct}% off drinks 2-4pm",
    ],
    priceRange: [3, 6],
    nearest: [
      "Food and Beverage Services > Bakeries",
      "Food and Beverage Services > Restaurants",
      "Consumer Packaged Goods > Beverages > Coffee and Tea",
      "Food and Beverage Services",
    ],
  },
  {
    path: "Finance and Insurance > Buy Now Pay Later",
    kind: "service",
    names: ["Buy Now Pay Later", "Finance/BNPL", "Payments > Pay in 4", "Point-of-Sale Financing"],
    advertisers: ["Splitly", "PayLater+", "Fourpay", "EasySplit Checkout"],
    items: ["pay in 4", "interest-free installments", "checkout financing", "BNPL card"],
    lines: [
      "Split any purchase into 4 interest-free payments",
      "No hard credit check",
      "Shop now, pay over 6 weeks",
      "Available at 10,000+ stores",
    ],
    offers: [
      "$0 interest, $0 fees when you pay on time",
      "Get ${price} off your first order",
      "{pct}% off at partner stores",
    ],
    priceRange: [5, 20],
    nearest: [
      "Finance and Insurance > Credit Cards",
      "Finance and Insurance > Payday and Emergency Loans",
      "Finance and Insurance",
    ],
  },
  {
    path: "Home and Garden Services > HVAC Services",
    kind: "service",
    names: [
      "HVAC",
      "Home Services/Heating & Cooling",
      "Service/Home/AC Repair",
      "Furnace & Air Conditioning",
    ],
    advertisers: [
      "CoolBreeze Heating & Air",
      "{city} Comfort Systems",
      "Polar Bear HVAC",
      "All Seasons Air",
    ],
    items: [
      "AC tune-up",
      "furnace repair",
      "heat pump installation",
      "duct cleaning",
      "mini-split install",
    ],
    lines: [
      "No AC? Same-day repair",
      "Furnace tune-ups before the cold hits",
      "Rebates on high-efficiency heat pumps",
      "NATE-certified technicians",
    ],
    offers: ["AC tune-up ${price}", "$1,500 off new systems", "{pct}% off duct cleaning"],
    priceRange: [59, 129],
    nearest: [
      "Home and Garden Services > Plumbers",
      "Home and Garden Services > Appliance Repair",
      "Home and Garden Services > Home Improvement and Repair",
      "Home and Garden Services",
    ],
  },
];
