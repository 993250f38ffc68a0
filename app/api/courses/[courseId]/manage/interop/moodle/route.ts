/** The first export address (Moodle XML, `?ids=a,b`), kept for links already written: the same handler as `export`. */
export { GET } from "../export/route";
