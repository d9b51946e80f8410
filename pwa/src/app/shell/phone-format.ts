// The shell's way to the domain's phone formatting, imported lazily (shell-layout.component.ts):
// it needs libphonenumber's full metadata (~190 kB). A dynamic import of '@oblako/domain' itself
// would make every export of the barrel live and pull all of it into the start bundle.
export { formatPhone } from '@oblako/domain';
