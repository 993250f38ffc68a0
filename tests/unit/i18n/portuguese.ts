import { translateAll, type Message } from "@/domain/i18n/translate";

/** Portuguese that English text must not hold: its diacritics and common words of the grader's and API's messages. */
export const PORTUGUESE = /[ãõçáéíóúâêôàÃÕÇÁÉÍÓÚÂÊÔ]|\b(?:n[aã]o|voc[eê]|sua|seu|resposta|incorret[oa]|corret[oa]|nota|linha|coluna|matriz|caso|casos|formato|par[aâ]metros?|entrada|sa[ií]da|vazi[ao]|erro|escreva|n[uú]mero|valor|camada|quase|confira|pedid[oa]s?|variáve(?:l|is)|fun[cç][aã]o|express[aã]o|apenas|perto|posi[cç][aã]o|tamanho|dimens[oõ]es|trocad[oa]s|registrada|monitoria|rubrica|exemplo|c[eé]lulas?|op[cç][aã]o|envie|c[oó]digo)\b/i;

/** The message's own text in English: string values blanked, numbers kept, nested messages blanked the same way. */
function blank(m: Message): Message {
  const values = m.values && Object.fromEntries(Object.entries(m.values).map(([k, v]) => [k, typeof v === "string" ? "·" : typeof v === "number" ? v : blank(v)]));
  return { ...m, ...(values ? { values } : {}) };
}
export const englishOwnText = (messages: Message[]) => translateAll("en", messages.map(blank));
