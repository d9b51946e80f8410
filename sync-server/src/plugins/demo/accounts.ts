import type { Role } from '@oblako/domain';

/** The password of every demo account: demo mode only, printed on start. */
export const DEMO_PASSWORD = 'oblako-demo';

export interface DemoAccount {
  role: Role;
  name: string;
  phone: string;
}

/** The people of the demo, in the order they are printed. */
export const DEMO_ACCOUNTS = {
  patient: { role: 'patient', name: 'Иванова Мария Петровна', phone: '+79000000001' },
  secondPatient: { role: 'patient', name: 'Петров Алексей Сергеевич', phone: '+79000000002' },
  doctor: { role: 'doctor', name: 'Смирнов Андрей Викторович', phone: '+79000000003' },
  manager: { role: 'manager', name: 'Кузнецова Ольга Ивановна', phone: '+79000000004' },
} as const satisfies Record<string, DemoAccount>;
