export interface InputProps {
  value: string;
  onChange: (value: string) => void;
  publicView: Record<string, unknown>;
  disabled: boolean;
}
