/**
 * How the hub tells a region that a record left it for another region (a customer handed to
 * another region's team): an op on this pseudo-table in the old region's stream, whose row id
 * is the record's and whose one field names its table. Nothing else of the record's new place
 * is told. A laptop deletes the record and everything hanging off it; laptops from before this
 * op skip it (they skip every table they do not know).
 */
export const DEPARTED_TABLE = '_departed'
