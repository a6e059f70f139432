/** The lab PBX's phones, as PJSIPShowEndpoints lists them (the traces' extensions). */
export interface LabPhone {
  readonly extension: string;
  readonly name: string;
  readonly deviceState: string;
}

export const LAB_PHONES: readonly LabPhone[] = [
  { extension: '1001', name: 'Anna Smirnova', deviceState: 'Not in use' },
  { extension: '1002', name: 'Иван Петров', deviceState: 'Not in use' },
  { extension: '1003', name: 'Support Desk', deviceState: 'Not in use' },
];
