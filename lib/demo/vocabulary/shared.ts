/**
 * Ad vocabulary shared by every label: calls to action, urgency, trust lines, disclaimers, cities,
 * campaign names. Mixing these into every creative is what keeps the label-specific words from
 * being the only words, as in real ads, where "SHOP NOW" and "Terms apply" say nothing about the
 * label.
 */

/** Calls to action; some take a phone number or URL. */
export const callsToAction: readonly string[] = [
  "> SHOP NOW",
  "SHOP NOW",
  "Shop now ›",
  "BOOK TODAY",
  "Book online today",
  "Learn more",
  "LEARN MORE >",
  "Get a free quote",
  "Call {phone}",
  "CALL {phone} TODAY",
  "Order now",
  "ORDER ONLINE",
  "Apply today",
  "Visit {url}",
  "Visit us at {url}",
  "Download the app",
  "Reserve your spot",
  "Sign up free",
  "Find a location near you",
  "Schedule now",
  "Get started >",
  "Claim offer",
  "See details",
  "Tap to learn more",
  "Stop by today!",
  "Don't wait - call now",
  "Click to get yours",
];

/** Urgency lines. */
export const urgencyLines: readonly string[] = [
  "Limited time only.",
  "Ends Sunday!",
  "While supplies last.",
  "This weekend only",
  "Offer ends {month} {day}.",
  "Hurry, offer ends soon!",
  "Today only",
  "Last chance!",
  "For a limited time",
  "Only {n} days left",
  "Don't miss out.",
];

/** Trust and social-proof lines. */
export const trustLines: readonly string[] = [
  "Family owned since {year}.",
  "Rated 4.{n}/5 by {n},000+ customers",
  "Proudly serving {city} since {year}",
  "Trusted by thousands of happy customers",
  "Satisfaction guaranteed.",
  "Voted Best of {city} {year}",
  "Locally owned & operated",
  "100% money-back guarantee",
  "Award-winning service",
  "Over {n}0 years of experience",
];

/** Short customer quotes used by the testimonial template. */
export const testimonials: readonly string[] = [
  "Fast, friendly and fair.",
  "Best experience I've had, hands down.",
  "I tell all my friends about them!",
  "Honest people, great prices.",
  "Five stars, would recommend.",
  "They went above and beyond.",
  "Wish I'd found them sooner.",
];

/** Disclaimers and fine print. */
export const disclaimers: readonly string[] = [
  "Terms apply.",
  "*Restrictions apply. See store for details.",
  "Not valid with other offers.",
  "Limit one per customer.",
  "*Offer valid at participating locations only.",
  "Prices subject to change.",
  "Exclusions apply.",
  "While supplies last. No rain checks.",
  "Valid for new customers only.",
  "Must present coupon at time of purchase.",
];

/** Cities for local ads and dealer names. */
export const cities: readonly string[] = [
  "Springfield",
  "Riverside",
  "Fairview",
  "Austin",
  "Denver",
  "Portland",
  "Tampa",
  "Columbus",
  "Raleigh",
  "Sacramento",
  "Boise",
  "Madison",
  "Omaha",
  "Tucson",
  "Albany",
  "Charleston",
  "Richmond",
  "Spokane",
  "Knoxville",
  "Savannah",
  "Reno",
  "Dayton",
  "Toledo",
  "Manchester",
  "Leeds",
  "Bristol",
  "Glasgow",
  "Toronto",
  "Calgary",
  "Ottawa",
  "Brisbane",
  "Auckland",
  "Phoenix",
  "Nashville",
  "Pittsburgh",
  "Fresno",
  "Orlando",
  "Milwaukee",
  "Lexington",
  "Anchorage",
];

/** Month names for dates in urgency lines. */
export const months: readonly string[] = [
  "Jan",
  "Feb",
  "March",
  "April",
  "May",
  "June",
  "July",
  "Aug",
  "Sept",
  "Oct",
  "Nov",
  "Dec",
];

/** Openers that hook the reader before the label-specific copy. */
export const openers: readonly string[] = [
  "Big news!",
  "Hey {city}!",
  "Attention {city} residents:",
  "NEW!",
  "Introducing",
  "Good news:",
  "Psst...",
  "HUGE SALE",
  "Fall savings event",
  "Spring into savings",
  "Holiday deals are here",
  "Summer sale",
  "Grand opening!",
  "Now open in {city}",
];

/** Campaign name parts for the metadata. */
export const campaignPrefixes: readonly string[] = [
  "Q1",
  "Q2",
  "Q3",
  "Q4",
  "Spring",
  "Summer",
  "Fall",
  "Holiday",
  "Evergreen",
  "Always-On",
  "Retargeting",
  "Prospecting",
  "Local",
  "Launch",
];

/** Campaign name suffixes for the metadata. */
export const campaignSuffixes: readonly string[] = [
  "Promo",
  "Sale",
  "Awareness",
  "Conversion",
  "Search",
  "Social",
  "Display",
  "Video",
  "Push",
  "Event",
];
