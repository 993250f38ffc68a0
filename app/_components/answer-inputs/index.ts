import { ArchitectureInput } from "./ArchitectureInput";
import { CodeInput } from "./CodeInput";
import { MatrixInput } from "./MatrixInput";
import { McqInput } from "./McqInput";
import { NumericInput } from "./NumericInput";
import { OpenInput } from "./OpenInput";
import { ShortAnswerInput } from "./ShortAnswerInput";
import { SymbolicInput } from "./SymbolicInput";
import type { InputProps } from "./types";

export type { InputProps } from "./types";

/** The answer input of each question type: used by the student's question page and the instructor's preview. */
export const answerInputs: Record<string, (props: InputProps) => React.ReactNode> = {
  mcq: McqInput,
  numeric: NumericInput,
  matrix: MatrixInput,
  symbolic: SymbolicInput,
  architecture: ArchitectureInput,
  open: OpenInput,
  code: CodeInput,
  shortanswer: ShortAnswerInput,
};
