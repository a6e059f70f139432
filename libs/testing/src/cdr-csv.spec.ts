import { AmiMessage } from '@app/ami';
import { cdrCsvLine, traceCdrCsv } from './cdr-csv';

describe('cdrCsvLine', () => {
  it('writes a manager Cdr event as cdr_csv writes the same CDR', () => {
    const cdr = AmiMessage.of({
      Event: 'Cdr',
      AccountCode: '',
      Source: '1001',
      Destination: '1002',
      DestinationContext: 'from-internal',
      CallerID: '"Anna ""A"" Smirnova" <1001>',
      Channel: 'PJSIP/1001-00000016',
      DestinationChannel: 'PJSIP/1002-00000017',
      LastApplication: 'Dial',
      LastData: 'PJSIP/1002,30,tT',
      StartTime: '2026-11-26 06:01:02',
      AnswerTime: '',
      EndTime: '2026-11-26 06:01:06',
      Duration: '4',
      BillableSeconds: '0',
      Disposition: 'NO ANSWER',
      AMAFlags: 'DOCUMENTATION',
      UniqueID: '1795672862.39',
      UserField: '',
    });

    const sut = cdrCsvLine(cdr, { linkedid: '1795672862.39', sequence: 12 }, 3_600_000);

    expect(sut).toBe(
      '"","1001","1002","from-internal","""Anna """"A"""" Smirnova"" <1001>","PJSIP/1001-00000016",' +
        '"PJSIP/1002-00000017","Dial","PJSIP/1002,30,tT","2026-11-26 07:01:02",,"2026-11-26 07:01:06",4,0,' +
        '"NO ANSWER","DOCUMENTATION","1795672862.39","","","1795672862.39",12\n',
    );
  });
});

describe('traceCdrCsv', () => {
  it('writes the Cdr events of a trace, with linkedids from its channels and sequences by start time', () => {
    const sut = traceCdrCsv('12-attended-transfer', { startingAt: Date.UTC(2030, 0, 1), firstSequence: 100 });

    const lines = sut.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => Number(l.split(',').at(-1))).sort()).toEqual([100, 101, 102, 103, 104]);
    expect(lines.map((l) => l.split(',').at(-2))).toEqual(Array(5).fill('"1795672890.47"'));
    // the trunk's first row started first: it opens the day
    expect(lines[3]).toContain('"2030-01-01 00:00:00"');
    expect(lines[3].endsWith(',100')).toBe(true);
  });
});
