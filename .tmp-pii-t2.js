const { findPhoneNumbersInText } = require('libphonenumber-js/max');
const texts = [
 'My number is 020 7946 0018, please ring me before 5',
 'call me on 07700 900123 or +44 20 7946 0018',
 'reach me at +1 (415) 555-0132 or (415) 555-0132, 415-555-0132, 415.555.0132',
 'my mobile +91 98765 43210 or 98765 43210',
 'ring 0044 20 7946 0018 or 00 353 1 234 5678',
 'order #4411 and Order 8812 and order no. 100234567',
 'booking ref XK7P2Q ABC123 flight EZY8723 BA 287',
 'paid £250 and $1,299.99 on 12/06/2024 at 10am, 2024-06-12, in 2023',
 'tracking 1Z999AA10123456784 IBAN GB29 NWBK 6016 1331 9268 19',
 'Order 100234567 tracking 123456789012',
 'mob 0412 345 678, tel (02) 9876 5432, AU mobile 0491 570 156',
 'Tel. 030 12345678 oder 0151 23456789',
 'Appelez-moi au 06 12 34 56 78 ou 01 23 45 67 89',
 'Reference 2024061234 and account 12345678 sort code 20-00-00',
];
for (const t of texts) {
  for (const c of ['GB','US']) for (const l of ['POSSIBLE','VALID']) {
    const r = findPhoneNumbersInText(t, {defaultCountry:c, leniency:l});
    console.log(c,l, JSON.stringify(r.map(m=>t.slice(m.startsAt,m.endsAt))));
  }
  console.log('--', t);
}
const t0=Date.now(); for(let i=0;i<10000;i++) findPhoneNumbersInText(texts[i%texts.length],{defaultCountry:'GB',leniency:'POSSIBLE'}); console.log('ms/10k', Date.now()-t0);
